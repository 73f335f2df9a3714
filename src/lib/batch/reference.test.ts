import { describe, expect, it } from 'vitest';
import { batchReferenceSchema } from '../contracts/batch-reference';
import { verifyBatchReference } from './digest';
import { BatchInputError } from './errors';
import { buildBatchReference } from './reference';
import { SYNTHETIC_VARIABLES, syntheticBatches } from './testing/synthetic';
import type { BatchSeries } from './split';

const SHA = 'ab'.repeat(32);
function build(batches: BatchSeries[], variables = SYNTHETIC_VARIABLES) {
	return buildBatchReference({
		name: 'golden',
		batchColumn: 'batch',
		timeColumn: 'time',
		variables,
		batches,
		sources: [{ name: 'golden.csv', sha256: SHA, rows: 1, batches: batches.map((b) => b.id) }],
		options: { createdAt: '2026-01-01T00:00:00Z' }
	});
}

describe('buildBatchReference', () => {
	const ten = syntheticBatches(10, { seed: 3 });
	const ref = build(ten.slice(0, 5));

	it('writes a reference the contract accepts, sealed with its content SHA-256', () => {
		expect(batchReferenceSchema.safeParse(ref).success).toBe(true);
		expect(() => verifyBatchReference(ref)).not.toThrow();
		expect(ref.grid.step).toBe(0.5);
		expect(ref.limits.levels).toEqual([0.95, 0.99]);
		expect(ref.run_rule.points).toBeGreaterThanOrEqual(3);
	});

	it('refuses a reference edited after it was built, and data that is not its source', () => {
		const edited = {
			...ref,
			limits: { ...ref.limits, spe: ref.limits.spe.map((l) => l.map((v) => v * 10)) }
		};
		expect(() => verifyBatchReference(edited)).toThrow(/changed after it was built/);
		expect(() =>
			verifyBatchReference(ref, [{ name: 'golden.csv', sha256: 'cd'.repeat(32) }])
		).toThrow(/source 'golden.csv' has SHA-256 cdcd.*built from SHA-256 abab/);
		expect(() => verifyBatchReference(ref, [{ name: 'golden.csv', sha256: SHA }])).not.toThrow();
	});

	it('is the same reference when built twice (deterministic)', () => {
		expect(build(ten.slice(0, 5)).content_sha256).toBe(ref.content_sha256);
	});

	it('needs three batches, naming the batch column and the batches it got', () => {
		const run = () => build(ten.slice(0, 2));
		expect(run).toThrow(BatchInputError);
		expect(run).toThrow("at least 3 normal batches in column 'batch'; got 2 (B1, B2)");
	});

	it('refuses a batch id given twice', () => {
		expect(() => build([ten[0], ten[1], ten[0]])).toThrow(
			'batch B1 appears twice in the reference'
		);
	});

	it('leaves out constant and mostly missing columns, keeping the constant value', () => {
		const batches = ten.slice(0, 4).map((b) => ({
			...b,
			values: [
				...b.values,
				new Float64Array(b.time.length).fill(1),
				Float64Array.from(b.time, (_, r) => (r % 10 === 0 ? r : NaN))
			]
		}));
		const r = build(batches, [...SYNTHETIC_VARIABLES, 'fault flag', 'lab assay']);
		expect(r.variables).toEqual(SYNTHETIC_VARIABLES);
		expect(r.excluded.map((e) => [e.column, e.reason, e.value])).toEqual([
			['fault flag', 'constant', 1],
			['lab assay', 'mostly_missing', null]
		]);
	});

	it('covers the batch times that three batches reach, so lengths may differ', () => {
		const lengths = ten
			.slice(0, 5)
			.map((b) => b.time.length)
			.sort((a, b) => b - a);
		expect(ref.grid.length).toBe(lengths[2]);
		expect(Math.min(...ref.coverage)).toBeGreaterThanOrEqual(3);
	});

	it('has signal limits that tighten as reference batches are added', () => {
		// Student-t on (I − 1)·n_eff degrees of freedom: 3 batches give far wider limits than 10.
		const small = build(ten.slice(0, 3));
		const large = build(ten);
		for (let j = 0; j < large.variables.length; j++) {
			expect(large.signals.level.limits[j]).toBeLessThan(small.signals.level.limits[j]);
			expect(large.signals.change.limits[j]).toBeLessThan(small.signals.change.limits[j]);
		}
	});
});
