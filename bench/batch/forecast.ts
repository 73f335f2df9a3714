/**
 * bench:batch, titer forecast section — the soft sensor's correction by the lab assays and the
 * forecast of the final titer, the peak and the harvest time, leave-one-batch-out on the ten
 * IndPenSim batches: every number comes from a batch that is not in the reference it is forecast
 * from. The soft sensor is the demo model (static/models/penicillin-soft-sensor), trained on
 * batches 1–7, so its errors on 8–10 are reported apart. The simulator's true concentration is
 * used only to score (final titer, harvest time). Merges into bench/results/batch.{json,md}
 * (the `titer_forecast` key and the section between the forecast markers); run alone with
 * `npx tsx bench/batch/forecast.ts`. Data: IndPenSim (Goldrick et al. 2019), CC BY 4.0.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
	buildBatchReference,
	medianStep,
	plateauIndex,
	referenceTiters,
	splitBatches,
	TiterForecaster,
	titerReference,
	type BatchSeries,
	type TiterForecast
} from '../../src/lib/batch';
import { parseSimpleCsv } from '../../src/lib/ml/demo/csv';
import { loadModel, scoreColumns } from '../../cli/lib/model';
import { withTiterMeta } from '../../cli/lib/batch-titer';

const LAB = 'Offline Penicillin concentration(P_offline:P(g L^{-1}))';
const TRUTH = 'Penicillin concentration(P:g/L)';
const FRACTIONS = [0.25, 0.5, 0.75];
const SOFT_SENSOR_TRAINING = new Set(['1', '2', '3', '4', '5', '6', '7']);

const [header, ...rows] = parseSimpleCsv(
	readFileSync('data/indpensim/indpensim_batches_1-10.csv', 'utf8')
);
const model = await loadModel('static/models/penicillin-soft-sensor/1.0.0/card.json');
const features = model.card.features.map((f) => f.name).filter((n) => n !== 'Time (h)');
const names = [...features, LAB, TRUTH];
const num = (s: string) => (s === '' ? Number.NaN : Number(s));
const { batches } = splitBatches({
	batchIds: rows.map((r) => r[header.indexOf('batch_id')]),
	time: Float64Array.from(rows, (r) => num(r[header.indexOf('Time (h)')])),
	columns: names.map((n) => ({
		name: n,
		values: Float64Array.from(rows, (r) => num(r[header.indexOf(n)]))
	}))
});
const col = (b: BatchSeries, n: string) => b.values[names.indexOf(n)];
const soft = new Map<string, Float64Array>();
for (const b of batches)
	soft.set(
		b.id,
		await scoreColumns(
			model,
			model.card.features.map((f) => ({
				name: f.name,
				type: 'numerical' as const,
				values: f.name === 'Time (h)' ? b.time : col(b, f.name)
			}))
		)
	);

/** The reference of all batches but one, built as `vigil batch reference --model --assay-column` does. */
function referenceWithout(held: string) {
	const refs = batches.filter((b) => b.id !== held);
	const medianWindow = 10 * medianStep(refs);
	const t = referenceTiters(
		refs.map((b) => ({ time: b.time, soft: soft.get(b.id)!, assay: col(b, LAB) })),
		medianWindow
	);
	const ref = buildBatchReference({
		name: `without ${held}`,
		batchColumn: 'batch_id',
		timeColumn: 'Time (h)',
		variables: features,
		batches: refs.map((b) => ({ ...b, values: features.map((f) => col(b, f)) })),
		sources: [{ sha256: '0'.repeat(64), rows: 0, batches: refs.map((b) => b.id) }],
		titer: { column: 'soft sensor', values: t.values }
	});
	const n = t.noise!;
	return titerReference(
		withTiterMeta(ref, {
			column: 'soft sensor',
			trajectories: [],
			median_window: medianWindow,
			model: null,
			correction: {
				assay_column: LAB,
				process_variance: n.processVariance,
				measurement_variance: n.measurementVariance,
				initial_variance: n.initialVariance,
				assays: n.assays
			}
		})
	);
}

/** Earliest time from `from` on where a series is within 1 % of its maximum over the rest (the harvest rule). */
function harvestOf(time: Float64Array, values: Float64Array, from: number): number {
	const i0 = time.findIndex((t) => t >= from);
	return time[i0 + plateauIndex(values.slice(i0).filter(Number.isFinite), 0.01)];
}

interface Point {
	batch: string;
	fraction: number;
	time: number;
	final_error: number | null;
	final_baseline_error: number;
	final_covered: boolean | null;
	harvest: number | null;
	harvest_status: string;
	harvest_true: number;
	harvest_error: number | null;
	harvest_baseline_error: number;
	future_assays: number;
	future_covered: number;
}
const residualsRaw: { batch: string; e: number }[] = [];
const residualsCorrected: { batch: string; e: number }[] = [];
const nowCovered: boolean[] = [];
const points: Point[] = [];
const forecastMs: number[] = [];
const atEnd: { batch: string; time: number; status: string; labFell: boolean }[] = [];
for (const held of batches) {
	const ref = referenceWithout(held.id);
	const truth = col(held, TRUTH);
	const lab = col(held, LAB);
	const s = soft.get(held.id)!;
	const n = held.time.length;
	const end = held.time[n - 1];
	// Baselines from the reference alone: its batches' mean final titer and mean harvest time.
	const finals = ref.batches.map((b) => b.titer.filter(Number.isFinite).at(-1)!);
	const meanFinal = finals.reduce((a, x) => a + x, 0) / finals.length;
	const gridTime = Float64Array.from(
		{ length: ref.grid.length },
		(_, k) => ref.grid.start + k * ref.grid.step
	);
	const refHarvests = ref.batches.map((b) => harvestOf(gridTime, b.titer, 0));
	const meanHarvest = refHarvests.reduce((a, x) => a + x, 0) / refHarvests.length;
	const f = new TiterForecaster(ref);
	const cuts = FRACTIONS.map((q) => Math.round(q * n) - 1);
	const snapshots: { fraction: number; r: number; fc: TiterForecast }[] = [];
	for (let r = 0; r < n; r++) {
		f.pushRow(held.time[r], s[r]);
		if (Number.isFinite(lab[r])) {
			// The correction as it stood before this assay: one step ahead, as an operator sees it.
			const before = f.forecast();
			residualsRaw.push({ batch: held.id, e: s[r] - lab[r] });
			residualsCorrected.push({ batch: held.id, e: before.corrected!.value - lab[r] });
			nowCovered.push(before.corrected!.low <= lab[r] && lab[r] <= before.corrected!.high);
			f.pushAssay({ time: held.time[r], value: lab[r] });
		}
		const c = cuts.indexOf(r);
		if (c >= 0) {
			const t0 = performance.now();
			const fc = f.forecast();
			forecastMs.push(performance.now() - t0);
			snapshots.push({ fraction: FRACTIONS[c], r, fc });
		}
	}
	f.finish();
	const assays = lab.filter(Number.isFinite);
	atEnd.push({
		batch: held.id,
		time: end,
		status: f.forecast().harvest?.status ?? 'none',
		labFell: assays.at(-1)! < 0.95 * Math.max(...assays)
	});
	for (const { fraction, r, fc } of snapshots) {
		const now = held.time[r];
		const harvestTrue = harvestOf(held.time, truth, now);
		const baselineHarvest = Math.max(now, meanHarvest);
		let futureAssays = 0;
		let futureCovered = 0;
		if (fc.curve)
			for (let i = r + 1; i < n; i++) {
				if (!Number.isFinite(lab[i])) continue;
				const k = Math.round((held.time[i] - fc.curve.time[0]) / ref.grid.step);
				if (k >= fc.curve.time.length || !Number.isFinite(fc.curve.mean[k])) continue;
				futureAssays++;
				if (fc.curve.low[k] <= lab[i] && lab[i] <= fc.curve.high[k]) futureCovered++;
			}
		points.push({
			batch: held.id,
			fraction,
			time: now,
			final_error: fc.final ? fc.final.value - truth[n - 1] : null,
			final_baseline_error: meanFinal - truth[n - 1],
			final_covered: fc.final
				? fc.final.low <= truth[n - 1] && truth[n - 1] <= fc.final.high
				: null,
			harvest: fc.harvest?.time ?? null,
			harvest_status: fc.harvest?.status ?? 'none',
			harvest_true: harvestTrue,
			harvest_error: fc.harvest?.time != null ? fc.harvest.time - harvestTrue : null,
			harvest_baseline_error: baselineHarvest - harvestTrue,
			future_assays: futureAssays,
			future_covered: futureCovered
		});
	}
}

const rmse = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / (a.length || 1));
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / (a.length || 1);
const median = (a: number[]) =>
	a.length ? [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] : Number.NaN;
const pick = (f: (b: string) => boolean) => ({
	assays: residualsRaw.filter((x) => f(x.batch)).length,
	soft_sensor: rmse(residualsRaw.filter((x) => f(x.batch)).map((x) => x.e)),
	corrected: rmse(residualsCorrected.filter((x) => f(x.batch)).map((x) => x.e))
});
const byFraction = FRACTIONS.map((q) => {
	const p = points.filter((x) => x.fraction === q);
	const withFinal = p.filter((x) => x.final_error !== null);
	const withHarvest = p.filter((x) => x.harvest_error !== null);
	const future = p.reduce((s, x) => s + x.future_assays, 0);
	return {
		fraction: q,
		batches: p.length,
		final_mae: mean(withFinal.map((x) => Math.abs(x.final_error!))),
		final_forecasts: withFinal.length,
		final_baseline_mae: mean(p.map((x) => Math.abs(x.final_baseline_error))),
		final_coverage: withFinal.filter((x) => x.final_covered).length / (withFinal.length || 1),
		harvest_mae_h: mean(withHarvest.map((x) => Math.abs(x.harvest_error!))),
		harvest_median_abs_h: median(withHarvest.map((x) => Math.abs(x.harvest_error!))),
		harvest_baseline_mae_h: mean(p.map((x) => Math.abs(x.harvest_baseline_error))),
		past_peak: p.filter((x) => x.harvest_status === 'past_peak').map((x) => x.batch),
		future_assay_coverage: future ? p.reduce((s, x) => s + x.future_covered, 0) / future : null
	};
});
const result = {
	method:
		'TiterForecaster (src/lib/batch): Kalman bias filter on the lab assays, nearest-trajectory forecast, harvest at the 1 % plateau; reference = the other nine batches, built as vigil batch reference --model --assay-column',
	correction_rmse_against_lab: {
		note: 'one step ahead: the corrected titer before each assay is used, against that assay',
		all_batches: pick(() => true),
		soft_sensor_held_out_batches_8_10: pick((b) => !SOFT_SENSOR_TRAINING.has(b)),
		soft_sensor_training_batches_1_7: pick((b) => SOFT_SENSOR_TRAINING.has(b)),
		band_coverage_now: nowCovered.filter(Boolean).length / nowCovered.length
	},
	at_fraction: byFraction,
	at_last_row: atEnd,
	points,
	speed: { forecast_ms_median: median(forecastMs) }
};

const f2 = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(2));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(100 * x)} %`);
const c = result.correction_rmse_against_lab;
const md = [
	'<!-- forecast:start -->',
	'## Titer forecast (leave-one-batch-out)',
	'',
	"Each batch is forecast from a reference of the other nine (`vigil batch reference --model static/models/penicillin-soft-sensor/1.0.0 --assay-column …`). The lab assay is `P_offline` (every 12 h); the simulator's true concentration only scores the final titer and the harvest time.",
	'',
	'| soft sensor against the lab (RMSE, g/L) | assays | soft sensor | corrected (one step ahead) |',
	'| --- | ---: | ---: | ---: |',
	...(
		[
			['all ten batches', c.all_batches],
			["batches 8–10 (not in the soft sensor's training)", c.soft_sensor_held_out_batches_8_10],
			['batches 1–7 (its training batches)', c.soft_sensor_training_batches_1_7]
		] as const
	).map(([name, x]) => `| ${name} | ${x.assays} | ${f2(x.soft_sensor)} | ${f2(x.corrected)} |`),
	'',
	`90 % band of the corrected titer covers the next assay ${pct(c.band_coverage_now)} of the time.`,
	'',
	'| at | final titer MAE (g/L) | baseline: reference mean | final band coverage | harvest time MAE (h) | median | baseline: reference mean harvest | future assays in the band | past the peak |',
	'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
	...byFraction.map(
		(x) =>
			`| ${x.fraction * 100} % | ${f2(x.final_mae)} (${x.final_forecasts} of ${x.batches}) | ${f2(x.final_baseline_mae)} | ${pct(x.final_coverage)} | ${f2(x.harvest_mae_h)} | ${f2(x.harvest_median_abs_h)} | ${f2(x.harvest_baseline_mae_h)} | ${pct(x.future_assay_coverage)} | ${x.past_peak.join(', ') || '—'} |`
	),
	'',
	`At each batch's last row the advice is "already past the peak" for batches ${atEnd
		.filter((x) => x.status === 'past_peak')
		.map((x) => `${x.batch} (${x.time} h)`)
		.join(', ')}; the lab assays of batches ${atEnd
		.filter((x) => x.labFell)
		.map((x) => x.batch)
		.join(', ')} end more than 5 % below their maximum.`,
	'',
	"The true harvest time is where the true titer, from that moment on, first comes within 1 % of its maximum over the rest of the batch (the rule the forecaster applies to its forecast). A batch past the reference's last batch time gets no final titer (counted apart).",
	`One forecast (\`forecast()\`, ~1,000 rows): ${result.speed.forecast_ms_median.toFixed(1)} ms (median).`,
	'<!-- forecast:end -->',
	''
].join('\n');

// Merge: keep the detection part of the results as it is.
const jsonPath = 'bench/results/batch.json';
const mdPath = 'bench/results/batch.md';
const json = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : {};
writeFileSync(jsonPath, `${JSON.stringify({ ...json, titer_forecast: result }, null, '\t')}\n`);
const old = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# bench:batch\n';
const marked = /<!-- forecast:start -->[\s\S]*<!-- forecast:end -->\n?/;
writeFileSync(mdPath, marked.test(old) ? old.replace(marked, md) : `${old.trimEnd()}\n\n${md}`);
console.log(md);
