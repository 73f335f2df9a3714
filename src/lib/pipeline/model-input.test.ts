import { describe, expect, it } from 'vitest';
import { categoricalColumn, numericalColumn } from '../drift/types';
import { modelInput, modelScores, type CardShape } from './model-input';

const features = [
	{ name: 'temp', dtype: 'float32' as const },
	{ name: 'hr', dtype: 'float32' as const },
	{ name: 'kind', dtype: 'string' as const }
] as CardShape['features'];

describe('modelInput', () => {
	it('keeps numbers, parses numeric categories and keeps text for string features', () => {
		const input = modelInput({ features }, [
			numericalColumn('temp', [1.5, 2]),
			categoricalColumn('hr', ['3', null]),
			categoricalColumn('kind', ['a', '7']),
			numericalColumn('extra', [0, 0])
		]);
		expect(Object.keys(input)).toEqual(['temp', 'hr', 'kind']);
		expect(Array.from(input.temp)).toEqual([1.5, 2]);
		expect(input.hr).toEqual([3, null]);
		expect(input.kind).toEqual(['a', '7']);
	});

	it('passes non-numeric text of a numerical feature on, for the input check to name', () => {
		expect(modelInput({ features }, [categoricalColumn('hr', ['noon'])]).hr).toEqual(['noon']);
	});
});

describe('modelScores', () => {
	const output = (name: string, shape: number[], labels?: string[]) => ({
		name,
		dtype: 'float32' as const,
		shape,
		description: '',
		...(labels ? { labels } : {})
	});

	it('reads the declared probability output of a binary classifier as P(class 1)', () => {
		const card = {
			task: 'binary' as const,
			features,
			outputs: [output('label', [-1]), output('probabilities', [-1, 2], ['no', 'yes'])]
		};
		const scores = modelScores(card, {
			label: { data: BigInt64Array.from([1n, 0n]), dims: [2] },
			probabilities: { data: new Float32Array([0.3, 0.7, 0.8, 0.2]), dims: [2, 2] }
		});
		expect(Array.from(scores, (s) => Math.round(s * 1e6) / 1e6)).toEqual([0.7, 0.2]);
	});

	it('finds an undeclared [rows, 2] output, and reads regression from the first output', () => {
		const card = { task: 'binary' as const, features, outputs: [output('label', [-1])] };
		const scores = modelScores(card, {
			label: { data: BigInt64Array.from([1n]), dims: [1] },
			p: { data: new Float64Array([0.4, 0.6]), dims: [1, 2] }
		});
		expect(Array.from(scores)).toEqual([0.6]);
		const reg = { task: 'regression' as const, features, outputs: [output('variable', [-1, 1])] };
		expect(
			Array.from(modelScores(reg, { variable: { data: new Float32Array([4, 5]), dims: [2, 1] } }))
		).toEqual([4, 5]);
	});

	it('names a missing output', () => {
		const reg = { task: 'regression' as const, features, outputs: [output('variable', [-1, 1])] };
		expect(() => modelScores(reg, {})).toThrow('no output named "variable"');
	});
});
