/**
 * Drift injection for replayed traffic: parse `--drift` specs and apply them to feature records
 * from a given time on. Pure and seeded, so a benchmark can replay the same injection exactly.
 */

/** Injection kinds: what goes wrong with a column from `at` on. */
export const DRIFT_KINDS = ['shift', 'scale', 'missing', 'freeze', 'new-category'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One `--drift "at=300,column=temp,kind=shift,amount=2"`. */
export interface DriftSpec {
	/** Seconds of simulated time after which the column is altered. */
	at: number;
	column: string;
	kind: DriftKind;
	/**
	 * shift: added, in standard deviations of the column (default 1); scale: factor around the mean
	 * (default 2); missing and new-category: share of records affected (default 1); freeze: unused.
	 */
	amount: number;
	/** new-category: the category that appears (default `unseen`). */
	value?: string;
}

const DEFAULT_AMOUNT: Record<DriftKind, number> = {
	shift: 1,
	scale: 2,
	missing: 1,
	freeze: 0,
	'new-category': 1
};

/** A malformed drift spec; the message names the part that is wrong. */
export class DriftSpecError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DriftSpecError';
	}
}

/**
 * Parses `at=SECONDS,column=NAME,kind=KIND[,amount=X][,value=CATEGORY]`.
 *
 * @throws DriftSpecError naming the missing or wrong key.
 * @example
 * parseDriftSpec('at=300,column=temp,kind=shift,amount=2');
 * // { at: 300, column: 'temp', kind: 'shift', amount: 2 }
 */
export function parseDriftSpec(text: string): DriftSpec {
	const fields = new Map<string, string>();
	for (const part of text.split(',')) {
		if (part.trim() === '') continue;
		const eq = part.indexOf('=');
		if (eq <= 0) throw new DriftSpecError(`--drift '${text}': '${part}' is not key=value`);
		const key = part.slice(0, eq).trim();
		if (!['at', 'column', 'kind', 'amount', 'value'].includes(key))
			throw new DriftSpecError(
				`--drift '${text}': unknown key '${key}' (use at, column, kind, amount, value)`
			);
		fields.set(key, part.slice(eq + 1).trim());
	}
	for (const key of ['at', 'column', 'kind'])
		if (!fields.get(key)) throw new DriftSpecError(`--drift '${text}': missing ${key}=`);
	const at = Number(fields.get('at'));
	if (!Number.isFinite(at) || at < 0)
		throw new DriftSpecError(
			`--drift '${text}': at must be seconds ≥ 0, got '${fields.get('at')}'`
		);
	const kind = fields.get('kind') as DriftKind;
	if (!DRIFT_KINDS.includes(kind))
		throw new DriftSpecError(
			`--drift '${text}': unknown kind '${kind}' (use ${DRIFT_KINDS.join(', ')})`
		);
	const amountText = fields.get('amount');
	const amount = amountText === undefined ? DEFAULT_AMOUNT[kind] : Number(amountText);
	if (!Number.isFinite(amount))
		throw new DriftSpecError(`--drift '${text}': amount must be a number, got '${amountText}'`);
	if ((kind === 'missing' || kind === 'new-category') && !(amount > 0 && amount <= 1))
		throw new DriftSpecError(
			`--drift '${text}': amount is the share of records for ${kind}, in (0, 1]`
		);
	const value = fields.get('value');
	return { at, column: fields.get('column')!, kind, amount, ...(value ? { value } : {}) };
}

export type FeatureValue = number | string | boolean | null;

/** Mean and standard deviation of a numerical column of the replayed data. */
export interface ColumnStats {
	type: 'numerical' | 'categorical';
	mean?: number;
	std?: number;
}

/**
 * A small seeded generator (mulberry32), so an injection with a seed is reproducible.
 *
 * @example
 * const next = seededRandom(42); next(); // 0.6011…
 */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** When an injection first took effect. */
export interface InjectionEvent {
	spec: DriftSpec;
	/** Index (0-based) of the first record altered. */
	record: number;
	/** Timestamp of that record. */
	ts: string;
}

/**
 * Applies drift specs to records in order. `apply` returns a copy of the features with every spec
 * whose `at` has passed applied; the first record each spec touches is recorded in `events`.
 *
 * @example
 * const inj = new DriftInjector([parseDriftSpec('at=10,column=x,kind=shift,amount=1')], { x: { type: 'numerical', mean: 0, std: 2 } }, 1);
 * inj.apply(0, 11, '2026-01-01T00:00:11Z', { x: 1 }); // { x: 3 }
 */
export class DriftInjector {
	readonly events: InjectionEvent[] = [];
	private readonly frozen = new Map<DriftSpec, FeatureValue>();
	private readonly random: () => number;

	constructor(
		readonly specs: DriftSpec[],
		private readonly stats: Record<string, ColumnStats>,
		seed = 1
	) {
		this.random = seededRandom(seed);
		for (const spec of specs) {
			const s = stats[spec.column];
			if (!s)
				throw new DriftSpecError(
					`--drift: column '${spec.column}' is not in the replayed data (columns: ${Object.keys(stats).join(', ')})`
				);
			if ((spec.kind === 'shift' || spec.kind === 'scale') && s.type !== 'numerical')
				throw new DriftSpecError(
					`--drift: kind=${spec.kind} needs a numerical column; '${spec.column}' is categorical`
				);
			if (spec.kind === 'new-category' && s.type !== 'categorical')
				throw new DriftSpecError(
					`--drift: kind=new-category needs a categorical column; '${spec.column}' is numerical`
				);
		}
	}

	apply(
		record: number,
		seconds: number,
		ts: string,
		features: Record<string, FeatureValue>
	): Record<string, FeatureValue> {
		let out = features;
		for (const spec of this.specs) {
			if (seconds < spec.at) continue;
			if (out === features) out = { ...features };
			if (!this.events.some((e) => e.spec === spec)) this.events.push({ spec, record, ts });
			const v = out[spec.column];
			const s = this.stats[spec.column];
			switch (spec.kind) {
				case 'shift':
					if (typeof v === 'number') out[spec.column] = v + spec.amount * (s.std || 1);
					break;
				case 'scale':
					if (typeof v === 'number') {
						const mean = s.mean ?? 0;
						out[spec.column] = mean + (v - mean) * spec.amount;
					}
					break;
				case 'missing':
					if (this.random() < spec.amount) out[spec.column] = null;
					break;
				case 'freeze':
					if (!this.frozen.has(spec)) this.frozen.set(spec, v);
					out[spec.column] = this.frozen.get(spec)!;
					break;
				case 'new-category':
					if (this.random() < spec.amount) out[spec.column] = spec.value ?? 'unseen';
					break;
			}
		}
		return out;
	}
}
