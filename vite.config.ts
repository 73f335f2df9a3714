import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'onnxruntime-web', 'parquet-wasm'] },
	server: { host: '127.0.0.1' },
	preview: { host: '127.0.0.1' }
});
