// bench:app — Lighthouse (performance, accessibility, best practices) on the overview page served
// by `wrangler dev`, and the first-load JavaScript (gzip, without wasm) of that page.
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { ROOT, startDevServer } from '../../scripts/lib/dev-server.js';
import { CHROMIUM_ARGS } from '../lib/browser';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_APP_RUNS ?? 3);
const GOALS = { performance: 90, accessibility: 95, 'best-practices': 95 } as const;
const JS_BUDGET_KB = 250;

function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

console.log('building the app (vite build)…');
execSync('flock /tmp/vigil-build.lock npx vite build', { cwd: ROOT, stdio: 'ignore' });
const state = mkdtempSync(join(tmpdir(), 'vigil-bench-app-'));
const server = await startDevServer({ persistTo: state });
const chrome = await chromeLauncher.launch({
	chromePath: CHROME,
	chromeFlags: CHROMIUM_ARGS
});

type Run = {
	formFactor: 'mobile' | 'desktop';
	scores: Record<string, number>;
	scriptKbGzip: number;
	wasmRequests: number;
	lcpMs: number;
	tbtMs: number;
};
const runs: Run[] = [];
try {
	for (const formFactor of ['mobile', 'desktop'] as const) {
		for (let i = 0; i < RUNS; i++) {
			const result = await lighthouse(
				`${server.url}/`,
				{ port: chrome.port, output: 'json', logLevel: 'error' },
				{
					extends: 'lighthouse:default',
					settings: {
						onlyCategories: ['performance', 'accessibility', 'best-practices'],
						...(formFactor === 'desktop'
							? {
									formFactor: 'desktop',
									screenEmulation: {
										mobile: false,
										width: 1350,
										height: 940,
										deviceScaleFactor: 1,
										disabled: false
									},
									throttling: {
										rttMs: 40,
										throughputKbps: 10240,
										cpuSlowdownMultiplier: 1,
										requestLatencyMs: 0,
										downloadThroughputKbps: 0,
										uploadThroughputKbps: 0
									}
								}
							: {})
					}
				}
			);
			if (!result) throw new Error('Lighthouse returned no result');
			const lhr = result.lhr;
			const scores = Object.fromEntries(
				Object.entries(lhr.categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)])
			);
			const details = lhr.audits['network-requests']?.details as
				{ items?: { url: string; resourceType?: string; transferSize?: number }[] } | undefined;
			const network = details?.items ?? [];
			const scripts = network.filter(
				(r) => r.resourceType === 'Script' && !r.url.endsWith('.wasm')
			);
			const scriptKbGzip = scripts.reduce((s, r) => s + (r.transferSize ?? 0), 0) / 1024;
			const wasmRequests = network.filter((r) => /\.wasm(\.gz)?$/.test(r.url)).length;
			runs.push({
				formFactor,
				scores,
				scriptKbGzip,
				wasmRequests,
				lcpMs: lhr.audits['largest-contentful-paint'].numericValue ?? NaN,
				tbtMs: lhr.audits['total-blocking-time'].numericValue ?? NaN
			});
			console.log(
				`${formFactor} run ${i + 1}: ${JSON.stringify(scores)}; scripts ${scriptKbGzip.toFixed(1)} kB; wasm requests ${wasmRequests}`
			);
		}
	}
} finally {
	await chrome.kill();
	await server.stop();
	rmSync(state, { recursive: true, force: true });
}

const summary = (['mobile', 'desktop'] as const).map((formFactor) => {
	const rs = runs.filter((r) => r.formFactor === formFactor);
	const scores = Object.fromEntries(
		Object.keys(GOALS).map((k) => [k, median(rs.map((r) => r.scores[k]))])
	);
	return {
		formFactor,
		runs: rs.length,
		median_scores: scores,
		goals_met: Object.fromEntries(Object.entries(GOALS).map(([k, goal]) => [k, scores[k] >= goal])),
		first_load_js_kb_gzip: median(rs.map((r) => r.scriptKbGzip)),
		first_load_js_within_budget: median(rs.map((r) => r.scriptKbGzip)) <= JS_BUDGET_KB,
		wasm_requests_on_overview: Math.max(...rs.map((r) => r.wasmRequests)),
		median_lcp_ms: median(rs.map((r) => r.lcpMs)),
		median_tbt_ms: median(rs.map((r) => r.tbtMs))
	};
});

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
	join(ROOT, 'bench/results/app.json'),
	`${JSON.stringify({ date: new Date().toISOString(), goals: GOALS, js_budget_kb: JS_BUDGET_KB, summary, runs }, null, 2)}\n`
);
const md = [
	'# bench:app — Lighthouse on the overview page',
	'',
	`Lighthouse ${'13.5'} against \`wrangler dev\` on loopback, Debian Chromium, ${RUNS} runs per form factor (medians).`,
	'',
	'| form factor | performance | accessibility | best practices | first-load JS (gzip) | wasm on overview | LCP | TBT |',
	'|---|---:|---:|---:|---:|---:|---:|---:|',
	...summary.map(
		(s) =>
			`| ${s.formFactor} | ${s.median_scores.performance} | ${s.median_scores.accessibility} | ${s.median_scores['best-practices']} | ${s.first_load_js_kb_gzip.toFixed(1)} kB | ${s.wasm_requests_on_overview} | ${Math.round(s.median_lcp_ms)} ms | ${Math.round(s.median_tbt_ms)} ms |`
	),
	'',
	`Goals: performance ≥ ${GOALS.performance}, accessibility ≥ ${GOALS.accessibility}, best practices ≥ ${GOALS['best-practices']}, first-load JS ≤ ${JS_BUDGET_KB} kB gzip.`,
	''
].join('\n');
writeFileSync(join(ROOT, 'bench/results/app.md'), md);
console.log(`\n${md}`);
