import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelCardSchema, modelManifestSchema } from '../contracts/model-card';

const root = new URL('../../../static/models/', import.meta.url);
const manifest = modelManifestSchema.parse(
	JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8'))
);

describe('demo models in static/models', () => {
	it('lists the three demo models', () => {
		expect(manifest.models.map((m) => m.name).sort()).toEqual([
			'adult-income',
			'bike-demand',
			'penicillin-soft-sensor'
		]);
	});

	for (const entry of manifest.models) {
		it(`${entry.name}: the card parses and its SHA-256 matches model.onnx`, () => {
			const card = modelCardSchema.parse(
				JSON.parse(readFileSync(new URL(entry.card, root), 'utf8'))
			);
			const bytes = readFileSync(new URL(entry.onnx, root));
			const sha = createHash('sha256').update(bytes).digest('hex');
			expect(card.onnx.sha256).toBe(sha);
			expect(entry.sha256).toBe(sha);
			expect(card.onnx.bytes).toBe(bytes.length);
			expect(card.attribution).toMatch(/CC BY 4\.0/);
			if (card.reference.sha256_of === 'parquet-file') {
				const parquet = readFileSync(new URL(`..${card.reference.location}`, root));
				expect(createHash('sha256').update(parquet).digest('hex')).toBe(card.reference.sha256);
			}
		});
	}

	it('the soft sensor uses no offline assay and not the target as input', () => {
		const card = modelCardSchema.parse(
			JSON.parse(readFileSync(new URL('penicillin-soft-sensor/1.0.0/card.json', root), 'utf8'))
		);
		const names = card.features.map((f) => f.name);
		expect(names.some((n) => /offline|off-line|Penicillin concentration|batch_id/i.test(n))).toBe(
			false
		);
		expect(names).toContain('Time (h)');
	});
});
