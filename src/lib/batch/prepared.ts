import type { BatchReference } from '../contracts/batch-reference';

/** A reference in typed arrays, ready to score rows (built once per monitor). */
export interface PreparedReference {
	ref: BatchReference;
	J: number;
	A: number;
	K: number;
	centre: Float64Array;
	scale: Float64Array;
	loadings: Float64Array;
	eigenvalues: Float64Array;
	/** Per level, per grid point. */
	t2Limits: Float64Array[];
	speLimits: Float64Array[];
	/** Index of the alarm level among the levels. */
	alarmLevel: number;
	/** 1 for a recipe variable (held to its schedule), 0 for a process variable. */
	recipe: Uint8Array;
	/** 1 for an intermittent actuator (flatline check only; its level and change are not alarmed). */
	intermittent: Uint8Array;
	levelLimits: Float64Array;
	changeScale: Float64Array;
	changeLimits: Float64Array;
	tolerance: Float64Array;
	flatLow: Float64Array;
	flatHigh: Float64Array;
	maxRun: Int32Array;
}

/**
 * Copies the reference's arrays into Float64Arrays once, so scoring a row allocates nothing big.
 *
 * @example
 * const p = prepareReference(ref);
 */
export function prepareReference(ref: BatchReference): PreparedReference {
	const alarmLevel = Math.max(0, ref.limits.levels.indexOf(ref.run_rule.level));
	return {
		ref,
		J: ref.variables.length,
		A: ref.pca.components,
		K: ref.grid.length,
		centre: Float64Array.from(ref.centre),
		scale: Float64Array.from(ref.scale),
		loadings: Float64Array.from(ref.pca.loadings),
		eigenvalues: Float64Array.from(ref.pca.eigenvalues),
		t2Limits: ref.limits.t2.map((l) => Float64Array.from(l)),
		speLimits: ref.limits.spe.map((l) => Float64Array.from(l)),
		alarmLevel,
		recipe: Uint8Array.from(ref.signals.roles, (r) => (r === 'recipe' ? 1 : 0)),
		intermittent: Uint8Array.from(ref.signals.roles, (r) => (r === 'intermittent' ? 1 : 0)),
		levelLimits: Float64Array.from(ref.signals.level.limits),
		changeScale: Float64Array.from(ref.signals.change.scale),
		changeLimits: Float64Array.from(ref.signals.change.limits),
		tolerance: Float64Array.from(ref.signals.recipe.tolerance),
		flatLow: Float64Array.from(ref.signals.flatline.low),
		flatHigh: Float64Array.from(ref.signals.flatline.high),
		maxRun: Int32Array.from(ref.signals.flatline.max_run)
	};
}

/**
 * Where a batch time falls on the reference grid: the lower grid point and the interpolation
 * weight of the next one, or `before`/`beyond` when it is more than half a step outside.
 *
 * @example
 * gridPosition({ start: 0, step: 0.5, length: 3 }, 0.6); // { k: 1, w: 0.2 }
 */
export function gridPosition(
	grid: { start: number; step: number; length: number },
	time: number
): { k: number; w: number } | 'before' | 'beyond' {
	const u = (time - grid.start) / grid.step;
	if (u < -0.5) return 'before';
	if (u > grid.length - 0.5) return 'beyond';
	if (u <= 0) return { k: 0, w: 0 };
	if (u >= grid.length - 1) return { k: grid.length - 1, w: 0 };
	const k = Math.floor(u);
	const w = u - k;
	// Rows on the grid (up to rounding) use the grid point itself.
	if (w < 1e-6) return { k, w: 0 };
	if (w > 1 - 1e-6) return { k: k + 1, w: 0 };
	return { k, w };
}

/** Linear interpolation of a per-grid-point array at a grid position. */
export function at(a: Float64Array, k: number, w: number): number {
	return w === 0 ? a[k] : (1 - w) * a[k] + w * a[k + 1];
}

/** Variable j of a row-major K × J array, interpolated at a grid position. */
export function atVariable(a: Float64Array, k: number, w: number, J: number, j: number): number {
	const i = k * J + j;
	return w === 0 ? a[i] : (1 - w) * a[i] + w * a[i + J];
}
