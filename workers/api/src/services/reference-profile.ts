import type { ModelCard } from '../../../../src/lib/contracts/model-card';
import {
	deserializeProfile,
	DriftInputError,
	profileDigest,
	type ReferenceProfile
} from '../../../../src/lib/drift';
import { ApiError } from '../errors';

/**
 * Checks an uploaded reference profile: it must decode (binary `VGPF`, src/lib/drift/profile.ts) and
 * be built from the reference the card names (its digest equals `card.reference.sha256`), so a model
 * is never monitored against another data set than the one it documents.
 *
 * @example
 * const profile = checkReferenceProfile(bytes, card);
 */
export function checkReferenceProfile(bytes: Uint8Array, card: ModelCard): ReferenceProfile {
	let profile: ReferenceProfile;
	try {
		profile = deserializeProfile(bytes);
	} catch (err) {
		if (err instanceof DriftInputError)
			throw new ApiError(422, 'unprocessable', `The reference profile is ${err.message}`);
		throw new ApiError(422, 'unprocessable', 'The reference profile cannot be decoded');
	}
	const digest = profileDigest(profile);
	if (digest !== card.reference.sha256)
		throw new ApiError(
			422,
			'unprocessable',
			'The reference profile was not built from the reference named by the card (card.reference.sha256)',
			{
				expected: card.reference.sha256,
				actual: digest
			}
		);
	return profile;
}
