import * as ort from './ort/ort.wasm.min.mjs';

ort.env.wasm.wasmPaths = new URL('./ort/', self.location.href).href;
const auto = self.crossOriginIsolated
	? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1))
	: 1;
let threads = auto;
const sessions = new Map();

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function handle(m) {
	if (m.type === 'init') {
		// The thread count must be fixed before the wasm runtime starts: one page per setting.
		threads = m.threads === 'auto' ? auto : m.threads;
		ort.env.wasm.numThreads = threads;
		return {
			threads,
			crossOriginIsolated: self.crossOriginIsolated,
			userAgent: navigator.userAgent
		};
	}
	if (m.type === 'load') {
		const bytes = new Uint8Array(await (await fetch(m.onnx)).arrayBuffer());
		const input = new Float32Array(await (await fetch(m.input)).arrayBuffer());
		const session = await ort.InferenceSession.create(bytes);
		sessions.set(m.name, { session, input, features: m.features });
		return { inputNames: session.inputNames };
	}
	if (m.type === 'measure') {
		const { session, input, features } = sessions.get(m.name);
		const data = input.subarray(0, m.batch * features);
		const name = session.inputNames[0];
		const run = () => session.run({ [name]: new ort.Tensor('float32', data, [m.batch, features]) });
		for (let i = 0; i < m.plan.warmup; i++) await run();
		const times = [];
		const started = performance.now();
		while (
			times.length < m.plan.minRuns ||
			(performance.now() - started < m.plan.minMs && times.length < m.plan.maxRuns)
		) {
			const t0 = performance.now();
			await run();
			times.push(performance.now() - t0);
		}
		return { runs: times.length, medianMs: median(times) };
	}
	throw new Error(`unknown message ${m.type}`);
}

self.onmessage = async (event) => {
	try {
		self.postMessage({ id: event.data.id, ok: true, value: await handle(event.data) });
	} catch (err) {
		self.postMessage({
			id: event.data.id,
			ok: false,
			error: String(err && err.stack ? err.stack : err)
		});
	}
};
