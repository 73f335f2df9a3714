import { DriftClient } from './drift-client.svelte';
import type { DriftEndpoint } from './protocol';

/**
 * The drift client over the bundled module worker (started on first use).
 *
 * @example
 * const drift = createDriftClient();
 * await drift.freeze(key, name, sha, columns);
 */
export function createDriftClient(): DriftClient {
	return new DriftClient(
		() =>
			new Worker(new URL('./drift.worker.ts', import.meta.url), {
				type: 'module'
			}) as unknown as DriftEndpoint
	);
}
