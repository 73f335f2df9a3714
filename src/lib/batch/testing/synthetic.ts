import { seededRandom } from '../../drift/advanced/random';
import type { BatchSeries } from '../split';

/**
 * Synthetic batches for tests: five variables following smooth trajectories over batch time
 * (a recipe step, growth curves), each batch with its own persistent offsets (shared between the
 * first three variables, so they correlate) and measurement noise; lengths differ by batch.
 *
 * @example
 * const batches = syntheticBatches(5, { seed: 1 });
 */
export function syntheticBatches(
	count: number,
	{ seed = 1, step = 0.5, hours = 40 }: { seed?: number; step?: number; hours?: number } = {}
): BatchSeries[] {
	const rng = seededRandom(seed);
	return Array.from({ length: count }, (_, i) => {
		const length = Math.round((hours + 4 * (rng.uniform() - 0.5)) / step);
		const common = 0.5 * rng.normal();
		const own = [rng.normal(), rng.normal(), rng.normal(), rng.normal(), rng.normal()];
		const time = Float64Array.from({ length }, (_, r) => (r + 1) * step);
		const values = [
			(t: number) => 30 + 5 * Math.tanh((t - 10) / 5) + common + 0.3 * own[0],
			(t: number) => 2 + 0.1 * t + 0.8 * common + 0.2 * own[1],
			(t: number) => 50 - 0.5 * t - 0.6 * common + 0.3 * own[2],
			(t: number) => (t < 20 ? 10 : 20) + 0.2 * own[3],
			(_t: number) => 7 + 0.05 * own[4]
		].map((f, j) =>
			Float64Array.from(time, (t) => f(t) + [0.2, 0.05, 0.2, 0.1, 0.01][j] * rng.normal())
		);
		return { id: `B${i + 1}`, time, values, rows: new Int32Array(length) };
	});
}

export const SYNTHETIC_VARIABLES = ['temperature', 'biomass', 'substrate', 'feed', 'pH'];
