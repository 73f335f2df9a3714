/**
 * Fixed API tokens of the Worker tests. vitest.config.ts hashes them into the VIGIL_TOKENS binding,
 * so the Worker under test sees only SHA-256 hashes, as in production.
 */
export const TEST_TOKENS = {
	ingest: { name: 'test-ingest', token: 'vigil_test_ingest_7c1d0f3b', scopes: ['ingest'] },
	read: { name: 'test-read', token: 'vigil_test_read_52aa9e10', scopes: ['read'] },
	admin: { name: 'test-admin', token: 'vigil_test_admin_e93b44c2', scopes: ['admin'] },
	metrics: { name: 'test-metrics', token: 'vigil_test_metrics_0b7f19d8', scopes: ['metrics'] },
	device: { name: 'test-device', token: 'vigil_test_device_61c2aa47', scopes: ['ingest', 'read'] }
} as const;

export type TestTokenName = keyof typeof TEST_TOKENS;
