import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * src/lib/drift is the one statistics core of the browser, the Worker and the CLI
 * (docs/architecture.md, rule 1): pure functions over typed arrays, no UI, no I/O.
 */
const driftBoundary = {
	files: ['src/lib/drift/**/*.ts'],
	languageOptions: { globals: { ...globals.es2023 } },
	rules: {
		'no-restricted-imports': [
			'error',
			{
				patterns: [
					{
						group: ['svelte', 'svelte/*', '$app/*', '@sveltejs/*'],
						message: 'src/lib/drift must not depend on Svelte.'
					},
					{
						group: ['@duckdb/*', 'duckdb*', 'parquet-wasm', 'apache-arrow'],
						message: 'src/lib/drift must not depend on DuckDB or Arrow: it takes typed arrays.'
					},
					{ group: ['onnxruntime*'], message: 'src/lib/drift must not depend on onnxruntime.' },
					{
						group: ['node:*', 'fs', 'path', 'http', 'https', 'cloudflare:*'],
						message: 'src/lib/drift does no I/O.'
					},
					{
						group: [
							'$lib/data/*',
							'$lib/sync/*',
							'$lib/components/*',
							'../data/*',
							'../sync/*',
							'../components/*'
						],
						message: 'src/lib/drift must not import the I/O layers.'
					},
					{
						// The tree trainer (src/lib/ml/train) is pure typed-array code: DLE's nanny model uses it.
						group: ['**/ml/*', '!**/ml/train', '$lib/ml/*', '!$lib/ml/train'],
						message:
							'src/lib/drift must not import the ML runtime (sessions, workers, ONNX); only the pure trainer in src/lib/ml/train.'
					}
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
			].map((name) => ({ name, message: `src/lib/drift is pure: no ${name}.` }))
		]
	}
};

/**
 * src/lib/batch is the batch-process core (DESIGN.md, rule 1): the same fence as the drift core,
 * and no zod at run time either: contracts validate at the boundaries, the core imports their
 * types only.
 */
const batchBoundary = {
	files: ['src/lib/batch/**/*.ts'],
	// Tests check the core's output against the contracts' schemas.
	ignores: ['src/lib/batch/**/*.test.ts'],
	languageOptions: driftBoundary.languageOptions,
	rules: {
		'no-restricted-imports': [
			'error',
			{
				patterns: [
					...driftBoundary.rules['no-restricted-imports'][1].patterns.map((p) => ({
						...p,
						message: p.message.replace('src/lib/drift', 'src/lib/batch')
					})),
					{
						group: ['zod', '../contracts/*', '$lib/contracts/*'],
						allowTypeImports: true,
						message:
							'src/lib/batch imports contract types only: validation happens at the boundaries.'
					}
				]
			}
		],
		'no-restricted-globals': [
			'error',
			...driftBoundary.rules['no-restricted-globals']
				.slice(1)
				.map((g) => ({ ...g, message: g.message.replace('src/lib/drift', 'src/lib/batch') }))
		]
	}
};

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
	batchBoundary
);
