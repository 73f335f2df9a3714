/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

// Offline after the first load: the app shell (every built file), the static files (wasm, demo
// models under /models, demo data under /data) and the SPA entry page are cached per deployment.
const sw = self as unknown as ServiceWorkerGlobalScope;
const PREFIX = 'vigil-';
const CACHE = `${PREFIX}${version}`;
const ENTRY = '/';
const PRECACHE = [...new Set([ENTRY, ...build, ...files.filter((f) => !f.endsWith('/_headers'))])];
const PRECACHED = new Set(PRECACHE);
const IMMUTABLE = '/_app/immutable/';

sw.addEventListener('install', (event) => {
	// No skipWaiting here: an open page keeps the version it started with until the user reloads.
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(PRECACHE);
			await cacheWorkerChunks(cache);
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	// The API and Prometheus are live data: never answered from a cache.
	if (url.pathname.startsWith('/api/') || url.pathname === '/metrics') return;
	if (request.headers.has('range')) return;

	if (request.mode === 'navigate') {
		event.respondWith(navigate(request));
		return;
	}
	// Files under /_app/immutable/ never change under a name, so any of them (a chunk the crawl
	// below missed) is cached the first time it is fetched.
	if (PRECACHED.has(url.pathname) || url.pathname.startsWith(IMMUTABLE)) {
		event.respondWith(cacheFirst(url.pathname, request));
	}
});

/**
 * The chunks and assets (wasm, gzipped DuckDB builds) that the Web Workers (data, inference, drift)
 * load. SvelteKit's `build` list names the workers' entry files but neither the chunks Vite splits
 * out of them nor the assets they reference with `new URL('assets/…', import.meta.url)`, so without
 * this the data worker could not start offline. Found by following every relative `chunks/` and
 * `assets/` reference of the worker files, transitively.
 */
async function cacheWorkerChunks(cache: Cache): Promise<void> {
	const queue = build.filter((path) => path.includes('/workers/') && path.endsWith('.js'));
	const seen = new Set(queue);
	while (queue.length > 0) {
		const path = queue.pop()!;
		const response = (await cache.match(path)) ?? (await fetch(path));
		if (!response.ok) throw new Error(`${path}: ${response.status}`);
		if (!PRECACHED.has(path)) await cache.put(path, response.clone());
		if (!/\.m?js$/.test(path)) continue;
		const text = await response.text();
		for (const match of text.matchAll(/["'`]((?:\.{1,2}\/)*(?:assets|chunks)\/[^"'`\s]+)["'`]/g)) {
			const target = new URL(match[1], new URL(path, sw.location.origin)).pathname;
			if (seen.has(target) || !target.startsWith(IMMUTABLE)) continue;
			seen.add(target);
			queue.push(target);
		}
	}
}

async function cacheFirst(key: string, request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const hit = await cache.match(key);
	if (hit) return hit;
	const response = await fetch(request);
	if (response.ok) await cache.put(key, response.clone());
	return response;
}

/**
 * Every client-side route is the same SPA entry page. It comes from this version's cache, so the
 * entry page and the chunks it names always belong to the same deployment (a newer deployment is
 * picked up by the update prompt, not mixed into an open version).
 */
async function navigate(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const hit = await cache.match(ENTRY);
	return hit ?? fetch(request);
}
