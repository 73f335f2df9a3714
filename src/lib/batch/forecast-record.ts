import type { BatchForecast } from '../contracts/batch-forecast';
import type { TimedBand } from './harvest';
import type { TiterForecast } from './titer-forecaster';

const r = (x: number) => Number(x.toPrecision(6));
const timed = (b: TimedBand) => ({
	value: r(b.value),
	low: r(b.low),
	high: r(b.high),
	time: r(b.time),
	time_low: r(b.timeLow),
	time_high: r(b.timeHigh)
});

/**
 * A TiterForecast as the `forecast` field of a batch report (`src/lib/contracts/batch-forecast.ts`):
 * plain JSON, numbers to 6 significant digits, without the curves (the app draws those from the
 * forecaster itself).
 *
 * @example
 * verdict.forecast = forecastRecord(forecaster.forecast(), 'P_offline');
 */
export function forecastRecord(f: TiterForecast, assayColumn: string | null): BatchForecast {
	const band = (b: { value: number; low: number; high: number } | null) =>
		b ? { value: r(b.value), low: r(b.low), high: r(b.high) } : null;
	return {
		titer: f.column,
		assay_column: assayColumn,
		basis: f.basis,
		time: f.time,
		level: f.level,
		soft: f.soft === null ? null : r(f.soft),
		corrected: band(f.corrected),
		bias: f.bias && {
			...f.bias,
			value: r(f.bias.value),
			sd: r(f.bias.sd)
		},
		final: f.final && timed(f.final),
		peak: f.peak && { ...timed(f.peak), passed: f.peak.passed },
		harvest: f.harvest && {
			...f.harvest,
			time: f.harvest.time === null ? null : r(f.harvest.time),
			low: f.harvest.low === null ? null : r(f.harvest.low),
			high: f.harvest.high === null ? null : r(f.harvest.high)
		},
		beyond_reference: f.beyondReference,
		analogues: f.analogues.map((a) => ({
			batch: a.batch,
			distance: r(a.distance),
			offset: r(a.offset)
		})),
		assays: f.assays.map((a) =>
			'residual' in a
				? {
						time: a.time,
						value: a.value,
						status: a.status,
						residual: r(a.residual),
						innovation: r(a.innovation)
					}
				: { time: a.time, value: a.value, status: a.status, reason: a.reason }
		),
		notes: f.notes
	};
}
