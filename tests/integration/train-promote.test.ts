import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../scripts/lib/dev-server.js';
import type { Evaluation } from '../../src/lib/contracts/evaluation';
import type { ModelCard } from '../../src/lib/contracts/model-card';
import { buildModel } from '../../src/lib/ml/build-model';
import type { OrtModule } from '../../src/lib/ml/model-session';
import {
	encodeSynthetic,
	syntheticChampionSpec,
	syntheticRows,
	syntheticTraffic,
	type SyntheticRow
} from '../fixtures/retrain-synthetic';
import { makeReport } from '../../workers/api/test/drift-fixtures';
import { newId } from './fixtures';

const token = 'vigil_integration_train_token';
const MODEL = 'retrain-demo';
let server: Awaited<ReturnType<typeof startDevServer>>;
let dir: string;

async function championBuild(original: SyntheticRow[]) {
	return buildModel(syntheticChampionSpec(MODEL, original), {
		runtimes: { 'onnxruntime-node': ortNode as unknown as OrtModule },
		trainedAt: '2026-11-01T00:00:00Z'
	});
}

const VIGIL = new URL('../../cli/bin/vigil.js', import.meta.url).pathname;

/** Runs the real `vigil` command in a child process. */
function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [VIGIL, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
	});
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			'content-type': 'application/json',
			'idempotency-key': newId()
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as T;
}

async function production(): Promise<string[]> {
	const { models } = await api<{ models: { version: string; stage: string }[] }>(
		'GET',
		`/api/v1/models?name=${MODEL}&stage=production`
	);
	return models.map((m) => m.version);
}

const original = syntheticRows(600, 1, false);
let champion: Awaited<ReturnType<typeof championBuild>>;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-int-train-'));
	server = await startDevServer({
		persistTo: join(dir, 'state'),
		tokens: [{ name: 'int', token, scopes: ['ingest', 'read', 'admin'] }]
	});
	champion = await championBuild(original);
	const champDir = join(dir, 'champion');
	rmSync(champDir, { recursive: true, force: true });
	await import('node:fs/promises').then((fs) => fs.mkdir(champDir, { recursive: true }));
	writeFileSync(join(champDir, 'card.json'), JSON.stringify(champion.card));
	writeFileSync(join(champDir, 'model.onnx'), champion.onnx);

	// Live traffic after the shift: 500 predictions over five days, 80% of them labelled later.
	const live = syntheticRows(500, 2, true);
	const { predictGbdt } = await import('../../src/lib/ml/train/gbdt');
	const yhat = predictGbdt(champion.model, encodeSynthetic(live).columns);
	const { records, labels } = syntheticTraffic(MODEL, live, yhat, { ids: newId });
	await api('POST', '/api/v1/predictions', records);
	await api('POST', '/api/v1/labels', labels);
	writeFileSync(
		join(dir, 'original.csv'),
		'x1,x2,phase,y\n' + original.map((r) => `${r.x1},${r.x2},${r.phase},${r.y}`).join('\n') + '\n'
	);
});

afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('vigil train and vigil promote against wrangler dev', () => {
	const common = () => ['--api', server.url, '--token', token, '--model', MODEL];

	it('promotes the first version without an evaluation (there is no champion yet)', async () => {
		const r = await vigil(
			'promote',
			...common(),
			'--version',
			'1.0.0',
			'--dir',
			join(dir, 'champion')
		);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(await production()).toEqual(['1.0.0']);
	});

	it('trains a challenger that passes the gates on the holdout', async () => {
		const out = join(dir, 'c1');
		const r = await vigil(
			'train',
			...common(),
			'--out',
			out,
			'--version',
			'1.1.0',
			'--from',
			'2026-11-01',
			'--to',
			'2026-11-20',
			'--seed',
			'7'
		);
		expect(r.code, r.stderr + r.stdout).toBe(0);
		expect(r.stderr).toMatch(/\[#+\] 100% done/);
		const evaluation = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8')) as Evaluation;
		expect(evaluation.passed).toBe(true);
		expect(evaluation.labelled).toBe(400);
		expect(evaluation.coverage).toBe(0.8);
		// The latest 30% of the 400 labelled rows are the holdout; the challenger never saw them.
		expect(evaluation.holdout.rows).toBe(120);
		const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8')) as ModelCard;
		expect(card.training.rows.train + card.training.rows.validation).toBe(280);
		const ratio = evaluation.gates.find((g) => g.gate === 'beats_champion')!.value!;
		expect(ratio).toBeLessThan(0.5);
		expect(evaluation.segments.map((s) => s.value)).toEqual(['a', 'b']);
		expect(evaluation.shadow.records).toHaveLength(120);
		expect(evaluation.shadow).toMatchObject({
			champion_version: '1.0.0',
			challenger_version: '1.1.0'
		});
		expect(evaluation.challenger).toEqual({ version: '1.1.0', sha256: card.onnx.sha256 });
		expect(evaluation.champion).toEqual({ version: '1.0.0', sha256: champion.card.onnx.sha256 });
	});

	it('refuses promotions that would skip the gates, and promotes and rolls back otherwise', async () => {
		const out = join(dir, 'c1');
		const noEval = await vigil('promote', ...common(), '--version', '1.1.0');
		expect(noEval.code).toBe(2);
		expect(noEval.stderr).toMatch(/without an evaluation: 1\.0\.0 is in production/);

		const evaluation = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8')) as Evaluation;
		const tampered = {
			...evaluation,
			passed: false,
			gates: evaluation.gates.map((g) => (g.gate === 'segments' ? { ...g, passed: false } : g))
		};
		writeFileSync(join(dir, 'failed.json'), JSON.stringify(tampered));
		const failed = await vigil(
			'promote',
			...common(),
			'--version',
			'1.1.0',
			'--evaluation',
			join(dir, 'failed.json'),
			'--dir',
			out
		);
		expect(failed.code).toBe(2);
		expect(failed.stderr).toMatch(/failed 1 gate\(s\): segments/);
		expect(await production()).toEqual(['1.0.0']);

		const ok = await vigil('promote', ...common(), '--version', '1.1.0', '--dir', out);
		expect(ok.code, ok.stderr).toBe(0);
		expect(ok.stdout).toMatch(/1\.1\.0 is in production; archived 1\.0\.0/);
		expect(await production()).toEqual(['1.1.0']);

		const back = await vigil('promote', ...common(), '--rollback');
		expect(back.code, back.stderr).toBe(0);
		expect(await production()).toEqual(['1.0.0']);
	});

	it('exits 1 when a gate fails and counts the original data in training', async () => {
		const strict = await vigil(
			'train',
			...common(),
			'--out',
			join(dir, 'c2'),
			'--version',
			'1.2.0',
			'--from',
			'2026-11-01',
			'--to',
			'2026-11-20',
			'--include-original',
			join(dir, 'original.csv'),
			'--max-rmse-ratio',
			'0.001'
		);
		expect(strict.code, strict.stderr).toBe(1);
		expect(strict.stdout).toMatch(/FAIL {2}beats_champion/);
		const card = JSON.parse(readFileSync(join(dir, 'c2', 'card.json'), 'utf8')) as ModelCard;
		expect(card.training.rows.train + card.training.rows.validation).toBe(280 + 600);
	});

	it('trains and promotes on its own only when the policy asks for it, and then through the gates', async () => {
		const args = (out: string, version: string) => [
			'train',
			...common(),
			'--out',
			out,
			'--version',
			version,
			'--from',
			'2026-11-01',
			'--to',
			'2026-11-20',
			'--seed',
			'7',
			'--when-recommended',
			'--promote'
		];
		const none = await vigil(...args(join(dir, 'auto0'), '1.3.0'));
		expect(none.code, none.stderr).toBe(0);
		expect(none.stdout).toMatch(/no challenger trained: retrain-demo has no monitoring report yet/);
		expect(existsSync(join(dir, 'auto0'))).toBe(false);

		const postReport = (action: string) =>
			api('POST', '/api/v1/reports', {
				...makeReport(MODEL),
				extensions: {
					'vigil.retrain/1': {
						retrain_recommended: action !== 'none',
						drift_streak: 3,
						degradation: 0.5,
						action,
						reasons: ['dataset drift in the last 3 runs', 'performance 50.0% worse']
					}
				}
			});
		await postReport('recommend');
		const onlyRecommended = await vigil(...args(join(dir, 'auto1'), '1.3.0'));
		expect(onlyRecommended.code).toBe(0);
		expect(onlyRecommended.stdout).toMatch(/RETRAIN_POLICY only recommends/);
		expect(await production()).toEqual(['1.0.0']);

		await postReport('train-challenger-through-gates');
		const auto = await vigil(...args(join(dir, 'auto2'), '1.3.0'));
		expect(auto.code, auto.stderr + auto.stdout).toBe(0);
		expect(auto.stdout).toMatch(/All gates passed/);
		expect(auto.stdout).toMatch(/1\.3\.0 is in production; archived 1\.0\.0/);
		expect(await production()).toEqual(['1.3.0']);
		const stored = await api<Evaluation>('GET', `/api/v1/models/${MODEL}/1.3.0/evaluation`);
		expect(stored.passed).toBe(true);

		// A challenger that fails a gate is written but never promoted.
		const strict = await vigil(...args(join(dir, 'auto3'), '1.4.0'), '--max-rmse-ratio', '0.001');
		expect(strict.code).toBe(1);
		expect(strict.stdout).toMatch(/Not promotable: beats_champion failed/);
		expect(await production()).toEqual(['1.3.0']);
	});
});
