import type { BatchReference, BatchSource } from '../contracts/batch-reference';
import { sha256Hex } from '../drift/sha256';
import { BatchInputError } from './errors';

type Unsealed = Omit<BatchReference, 'content_sha256'>;

/**
 * SHA-256 of a reference's content: its JSON text (keys in the order written) without the
 * `content_sha256` field. JSON numbers round-trip exactly in every JavaScript host, so the same
 * reference gives the same digest in the browser, the Worker and the CLI.
 *
 * @example
 * referenceDigest(ref); // '3f1c…'
 */
export function referenceDigest(ref: Unsealed | BatchReference): string {
	const { content_sha256: _ignored, ...rest } = ref as BatchReference;
	return sha256Hex(new TextEncoder().encode(JSON.stringify(rest)));
}

/**
 * Adds `content_sha256` to a freshly built reference (its last field), freezing it.
 *
 * @example
 * const ref = sealReference(unsealed);
 */
export function sealReference(ref: Unsealed): BatchReference {
	return { ...ref, content_sha256: referenceDigest(ref) };
}

/**
 * Refuses a reference whose content no longer matches its `content_sha256` (edited after it was
 * built, or damaged), and one whose `sources` do not include the given source digests when the
 * caller has the source data at hand (the source changed since the reference was built).
 *
 * @throws BatchInputError `reference_changed` or `source_changed`.
 * @example
 * verifyBatchReference(ref); // throws if a limit was edited by hand
 * verifyBatchReference(ref, [{ name: 'golden.csv', sha256: sha256OfTheFileNow }]);
 */
export function verifyBatchReference(
	ref: BatchReference,
	sources?: { name?: string; sha256: string }[]
): void {
	const digest = referenceDigest(ref);
	if (digest !== ref.content_sha256)
		throw new BatchInputError(
			'reference_changed',
			`the batch reference '${ref.name}' was changed after it was built (content SHA-256 ${digest}, recorded ${ref.content_sha256}); rebuild it from its source data`
		);
	for (const s of sources ?? []) {
		const named = s.name ? ref.sources.find((r) => r.name === s.name) : undefined;
		const known = ref.sources.some((r: BatchSource) => r.sha256 === s.sha256);
		if (!known)
			throw new BatchInputError(
				'source_changed',
				named
					? `source '${s.name}' has SHA-256 ${s.sha256}, but the batch reference '${ref.name}' was built from SHA-256 ${named.sha256}: the data changed, rebuild the reference`
					: `the batch reference '${ref.name}' was not built from this data (SHA-256 ${s.sha256})`
			);
	}
}
