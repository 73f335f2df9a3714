import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advancedReferenceSchema } from '../../src/lib/drift/advanced/reference';
import { deserializeProfile } from '../../src/lib/drift/profile';
import { main } from '../main.ts';

const HOUR = 'data/bike-sharing/hour.csv';
const CARD = 'static/models/bike-demand/1.0.0/card.json';

async function run(argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-profile-'));
	const lines = readFileSync(HOUR, 'utf8').trimEnd().split('\n');
	writeFileSync(file('ref.csv'), [lines[0], ...lines.slice(1, 501)].join('\n') + '\n');
	writeFileSync(file('jul.csv'), [lines[0], ...lines.slice(4400, 4800)].join('\n') + '\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil profile build', () => {
	it('writes the profile and its SHA-256, which drift then uses as the reference', async () => {
		const r = await run([
			'profile',
			'build',
			'--reference',
			file('ref.csv'),
			'--out',
			file('ref.vgpf'),
			'--model',
			CARD,
			'--format',
			'json'
		]);
		expect(r.code).toBe(0);
		const bytes = readFileSync(file('ref.vgpf'));
		const sha = createHash('sha256').update(bytes).digest('hex');
		const body = JSON.parse(r.out);
		expect(body.sha256).toBe(sha);
		expect(readFileSync(file('ref.vgpf.sha256'), 'utf8')).toBe(`${sha}  ref.vgpf\n`);
		const profile = deserializeProfile(new Uint8Array(bytes));
		expect(profile.rows).toBe(500);
		// The source digest is the CSV's own bytes.
		expect(profile.sources[0].sha256).toBe(
			createHash('sha256')
				.update(readFileSync(file('ref.csv')))
				.digest('hex')
		);
		expect(profile.columns.map((c) => c.name)).toContain('prediction');

		// Same report from the profile as from the data file it was built from.
		const args = [
			'--current',
			file('jul.csv'),
			'--model',
			CARD,
			'--target',
			'cnt',
			'--format',
			'json'
		];
		const fromProfile = JSON.parse(
			(await run(['drift', '--reference', file('ref.vgpf'), ...args])).out
		);
		const fromData = JSON.parse(
			(await run(['drift', '--reference', file('ref.csv'), ...args])).out
		);
		expect(fromProfile.report.columns).toEqual(fromData.report.columns);
		expect(fromProfile.report.prediction_drift).toEqual(fromData.report.prediction_drift);
		expect(fromProfile.report.performance).toEqual(fromData.report.performance);
		expect(fromProfile.report.reference.sha256).toBe(profile.sources[0].sha256);
	});

	it('refuses a profile whose bytes changed since it was built', async () => {
		await run([
			'profile',
			'build',
			'--reference',
			file('ref.csv'),
			'--out',
			file('t.vgpf'),
			'--columns',
			'temp,hum'
		]);
		const bytes = readFileSync(file('t.vgpf'));
		bytes[bytes.length - 1] ^= 1;
		writeFileSync(file('t.vgpf'), bytes);
		const r = await run([
			'drift',
			'--reference',
			file('t.vgpf'),
			'--current',
			file('jul.csv'),
			'--columns',
			'temp,hum'
		]);
		expect(r.code).toBe(2);
		expect(r.err).toContain('the profile changed');
	});

	it('bad input: exit 2 and no profile left behind', async () => {
		const missing = await run([
			'profile',
			'build',
			'--reference',
			file('nope.csv'),
			'--out',
			file('n.vgpf')
		]);
		expect(missing.code).toBe(2);
		expect(missing.err).toContain("file '");
		const badColumn = await run([
			'profile',
			'build',
			'--reference',
			file('ref.csv'),
			'--out',
			file('c.vgpf'),
			'--columns',
			'temp,nosuch'
		]);
		expect(badColumn.code).toBe(2);
		expect(badColumn.err).toContain("has no column 'nosuch'");
		expect(existsSync(file('c.vgpf'))).toBe(false);
		expect(existsSync(file('c.vgpf.sha256'))).toBe(false);
		const noOut = await run(['profile', 'build', '--reference', file('ref.csv')]);
		expect(noOut.err).toContain('--out PROFILE is required');
	});

	it('writes the fitted advanced reference of the same rows with --advanced-out', async () => {
		const r = await run([
			'profile',
			'build',
			'--reference',
			file('ref.csv'),
			'--out',
			file('adv.vgpf'),
			'--model',
			CARD,
			'--advanced-out',
			file('adv.json'),
			'--format',
			'json'
		]);
		expect(r.code).toBe(0);
		const body = JSON.parse(r.out);
		const card = JSON.parse(readFileSync(CARD, 'utf8')) as { features: { name: string }[] };
		const reference = advancedReferenceSchema.parse(
			JSON.parse(readFileSync(file('adv.json'), 'utf8'))
		);
		expect(reference.rows).toBe(500);
		expect(reference.pca?.columns.map((c) => c.name)).toEqual(card.features.map((f) => f.name));
		expect(reference.pca!.explainedVariance).toBeGreaterThanOrEqual(0.65);
		// A regression model gets no CBPE.
		expect(reference.cbpe).toBeUndefined();
		expect(body.advanced).toMatchObject({
			file: file('adv.json'),
			cbpe: false,
			pca_components: reference.pca!.componentCount
		});
		const text = await run([
			'profile',
			'build',
			'--reference',
			file('ref.csv'),
			'--out',
			file('adv2.vgpf'),
			'--columns',
			'temp,hum,nope',
			'--advanced-out',
			file('adv2.json')
		]);
		expect(text.code).not.toBe(0);
		expect(existsSync(file('adv2.json'))).toBe(false);
	});
});
