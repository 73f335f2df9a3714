import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		// A single-page app: the Worker serves index.html for every client-side route.
		adapter: adapter({ fallback: 'index.html', strict: true }),
		serviceWorker: { register: false } // registered by src/routes/+layout.svelte (update prompt)
	}
};

export default config;
