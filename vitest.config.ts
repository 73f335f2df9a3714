import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TEST_TOKENS } from './workers/api/test/tokens';

const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

// The Worker tests' tokens, as the SHA-256 hashes the Worker expects in VIGIL_TOKENS.
const testTokenHashes = JSON.stringify(
	Object.values(TEST_TOKENS).map(({ name, token, scopes }) => ({
		name,
		sha256: createHash('sha256').update(token).digest('hex'),
		scopes
	}))
);

export default defineConfig({
	test: {
		projects: [
			{
				resolve: { alias: { $lib: lib } },
				test: {
					name: 'unit',
					environment: 'node',
					include: [
						'src/**/*.test.ts',
						'tests/lint/**/*.test.ts',
						'cli/**/*.test.ts',
						'bench/**/*.test.ts',
						'monitoring/**/*.test.ts',
						'scripts/**/*.test.ts'
					],
					testTimeout: 60_000,
					// Starting DuckDB-WASM in a beforeAll takes seconds, more on a busy machine.
					hookTimeout: 60_000
				}
			},
			{
				resolve: { alias: { $lib: lib } },
				test: {
					// Real processes: wrangler dev (workerd), promtool and Prometheus.
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					testTimeout: 180_000,
					hookTimeout: 180_000,
					fileParallelism: false
				}
			},
			{
				resolve: { alias: { $lib: lib } },
				plugins: [
					cloudflareTest({
						wrangler: { configPath: './wrangler.toml' },
						miniflare: {
							// Tests read the token hashes from here; see workers/api/test/helpers.ts.
							bindings: { VIGIL_TOKENS: testTokenHashes },
							// The fuzz tests send thousands of requests per token: TOKEN_LIMITER is raised for
							// them; TEST_LIMITER, the same kind of binding with a limit of 3, tests the limit.
							ratelimits: {
								TOKEN_LIMITER: { namespace_id: '1001', simple: { limit: 1_000_000, period: 10 } },
								TEST_LIMITER: { namespace_id: '1002', simple: { limit: 3, period: 60 } }
							},
							assets: { directory: './workers/api/test/fixtures/assets' }
						}
					})
				],
				test: {
					name: 'worker',
					include: ['workers/api/test/**/*.test.ts'],
					testTimeout: 60_000
				}
			}
		]
	}
});
