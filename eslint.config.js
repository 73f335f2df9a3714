import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * src/lib/drift (the statistics core), src/lib/batch (the batch-process core) and src/lib/pipeline
 * (the one reading of every record) are shared by the browser, the Worker and the CLI
 * (docs/architecture.md, rule 1): pure functions over records and typed arrays, no UI, no I/O.
 * Batch and pipeline also stay free of zod: they import the contracts for their types only.
 */
function pureBoundary(folder, { extraPatterns = [], ignores, mlTrainer = false } = {}) {
	const where = `src/lib/${folder}`;
	return {
		files: [`${where}/**/*.ts`],
		...(ignores ? { ignores } : {}),
		languageOptions: { globals: { ...globals.es2023 } },
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['svelte', 'svelte/*', '$app/*', '@sveltejs/*'],
							message: `${where} must not depend on Svelte.`
						},
						{
							group: ['@duckdb/*', 'duckdb*', 'parquet-wasm', 'apache-arrow'],
							message: `${where} must not depend on DuckDB or Arrow: it takes typed arrays.`
						},
						{ group: ['onnxruntime*'], message: `${where} must not depend on onnxruntime.` },
						{
							group: ['node:*', 'fs', 'path', 'http', 'https', 'cloudflare:*'],
							message: `${where} does no I/O.`
						},
						{
							group: [
								'$lib/data/*',
								'$lib/sync/*',
								'$lib/components/*',
								'$lib/analysis/*',
								'$lib/worker-rpc/*',
								'../data/*',
								'../sync/*',
								'../components/*',
								'../analysis/*',
								'../worker-rpc/*'
							],
							message: `${where} must not import the I/O layers.`
						},
						mlTrainer
							? {
									// The tree trainer (src/lib/ml/train) is pure typed-array code: DLE's nanny model uses it.
									group: ['**/ml/*', '!**/ml/train', '$lib/ml/*', '!$lib/ml/train'],
									message: `${where} must not import the ML runtime (sessions, workers, ONNX); only the pure trainer in src/lib/ml/train.`
								}
							: {
									group: ['**/ml/*', '$lib/ml/*'],
									message: `${where} must not import the ML runtime (sessions, workers, ONNX, training).`
								},
						...extraPatterns
					]
				}
			],
			'no-restricted-globals': [
				'error',
				...[
					'fetch',
					'window',
					'document',
					'navigator',
					'localStorage',
					'indexedDB',
					'XMLHttpRequest',
					'WebSocket',
					'Request',
					'Response',
					'self',
					'caches'
				].map((name) => ({ name, message: `${where} is pure: no ${name}.` }))
			]
		}
	};
}

const driftBoundary = pureBoundary('drift', { mlTrainer: true });
const batchBoundary = pureBoundary('batch', {
	mlTrainer: true,
	// Tests check the core's output against the contracts' schemas.
	ignores: ['src/lib/batch/**/*.test.ts'],
	extraPatterns: [
		{
			group: ['zod', '../contracts/*', '$lib/contracts/*'],
			allowTypeImports: true,
			message: 'src/lib/batch imports contract types only: validation happens at the boundaries.'
		}
	]
});
const pipelineBoundary = pureBoundary('pipeline', {
	extraPatterns: [
		{ group: ['zod', 'zod/*'], message: 'src/lib/pipeline must not depend on zod.' },
		{
			group: ['$lib/contracts/*', '../contracts/*'],
			allowTypeImports: true,
			message: 'src/lib/pipeline imports the contracts for their types only (no zod at run time).'
		}
	]
});

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.wrangler/',
			'node_modules/',
			'static/',
			'test-results/',
			'playwright-report/',
			'bench/results/',
			'bench/.build/',
			'.vigil/',
			'workers/api/worker-configuration.d.ts'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-undef': 'off',
			// No base path: plain hrefs are the resolved routes.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	driftBoundary,
	batchBoundary,
	pipelineBoundary
);
