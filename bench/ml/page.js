// Benchmark page for `npm run bench:ml`: onnxruntime-web (wasm) in a module Web Worker, as in the
// app. The runner drives it step by step through window.benchCall so that browser and Node
// measurements interleave and see the same machine load.
const worker = new Worker('./worker.js', { type: 'module' });
let next = 1;
const pending = new Map();
worker.onmessage = (event) => {
	const { id, ok, value, error } = event.data;
	const p = pending.get(id);
	pending.delete(id);
	if (ok) p.resolve(value);
	else p.reject(new Error(error));
};
worker.onerror = (event) => {
	for (const p of pending.values()) p.reject(new Error(event.message));
};
window.benchCall = (message) =>
	new Promise((resolve, reject) => {
		const id = next++;
		pending.set(id, { resolve, reject });
		worker.postMessage({ ...message, id });
	});
window.benchReady = true;
