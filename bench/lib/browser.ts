// What the browser benchmarks share: Debian's Chromium with the project's flags, a Vite build of a
// small page that imports the app's own modules, and a loopback static server with the headers
// that make the page cross-origin isolated (as the app is).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Headless, offline-quiet flags, the same as the browser tests'. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/** Debian's Chromium (or CHROMIUM_PATH). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium for a benchmark.
 *
 * @example
 * const browser = await launchChromium();
 */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Builds a benchmark page (an index.html and its modules) with Vite into `outDir`.
 *
 * @example
 * await buildBenchPage(join(ROOT, 'bench/data/page'), join(BUILD, 'page'));
 */
export async function buildBenchPage(root: string, outDir: string): Promise<void> {
	const { build } = await import('vite');
	await build({
		root,
		base: './',
		logLevel: 'warn',
		configFile: false,
		worker: { format: 'es' },
		build: { outDir, emptyOutDir: true, target: 'es2022' }
	});
}

const TYPES: Record<string, string> = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.wasm': 'application/wasm',
	'.json': 'application/json'
};

/**
 * Serves `dir` (and `extras`: URL path → file) on a free loopback port with COOP/COEP/CORP
 * headers; paths outside `dir` are refused.
 *
 * @example
 * const { server, port } = await serveBenchDir(join(BUILD, 'page'), { '/bench.parquet': FILE });
 */
export function serveBenchDir(
	dir: string,
	extras: Record<string, string> = {}
): Promise<{ server: Server; port: number }> {
	const server = createServer((req, res) => {
		const url = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
		const inside = join(dir, normalize(url === '/' ? '/index.html' : url));
		const path = extras[url] ?? inside;
		if (
			(!extras[url] && !inside.startsWith(dir)) ||
			!existsSync(path) ||
			statSync(path).isDirectory()
		) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, {
			'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
			'content-length': statSync(path).size,
			'cross-origin-opener-policy': 'same-origin',
			'cross-origin-embedder-policy': 'require-corp',
			'cross-origin-resource-policy': 'same-origin'
		});
		res.end(readFileSync(path));
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const a = server.address();
			resolve({ server, port: typeof a === 'object' && a ? a.port : 0 });
		})
	);
}
