import { describe, expect, it } from 'vitest';
import { recordWindow } from './record-window';

const profile = {
	columns: [
		{ name: 'x', type: 'numerical' as const },
		{ name: 'prediction', type: 'numerical' as const },
		{ name: 'y', type: 'categorical' as const }
	]
};
const outputs = [
	{ name: 'probabilities', dtype: 'float32' as const, shape: [-1, 3], description: '' }
];

describe('recordWindow', () => {
	const records = [
		{ ts: '2024-05-01T10:00:00.000Z', features: { x: 1 }, prediction: [0.2, 0.8], label: 'b' },
		{ ts: '2024-05-01T08:00:00.000Z', features: { x: 2 }, prediction: [0.6, 0.4], label: 'a' },
		{ ts: 'not a time', features: { x: 3 }, prediction: [0.5, 0.5] }
	];

	it('spans the earliest to the latest valid time and reads the task from the card', () => {
		const card = { task: 'binary' as const, target: { name: 'y', classes: ['a', 'b'] }, outputs };
		const w = recordWindow(records, profile, { card, model: 'm', version: '1.0.0', label: 'job' });
		expect(w.window).toEqual({
			start: '2024-05-01T08:00:00.000Z',
			end: '2024-05-01T10:00:00.000Z',
			label: 'job'
		});
		expect(w).toMatchObject({
			currentName: 'm predictions',
			model: { name: 'm', version: '1.0.0' },
			prediction: 'prediction',
			target: 'y',
			task: 'classification'
		});
		const pred = w.current.find((c) => c.name === 'prediction');
		expect(pred?.type === 'numerical' && Array.from(pred.values)).toEqual([0.8, 0.4, 0.5]);
	});

	it('leaves the target out for a multiclass model with more than two classes', () => {
		const card = {
			task: 'multiclass' as const,
			target: { name: 'y', classes: ['a', 'b', 'c'] },
			outputs
		};
		const w = recordWindow(records, profile, { card, model: 'm', version: '1.0.0' });
		expect(w.target).toBeUndefined();
		expect(w.current.map((c) => c.name)).toContain('y');
	});

	it('has no window when no record has a valid time', () => {
		const w = recordWindow([{ ts: '', features: { x: 1 }, prediction: 1 }], profile, {
			model: 'm',
			version: '1'
		});
		expect(w.window).toBeUndefined();
		expect(w.task).toBe('regression');
	});
});
