/** The parts of a registry entry (`vigil.model-version/1`) that choosing a version looks at. */
export interface VersionLike {
	version: string;
	stage: 'none' | 'staging' | 'production' | 'archived';
	/** ISO timestamp of the registration. */
	created_at: string;
}

/**
 * A model's versions in the order a host should prefer them: the production version first, then
 * the versions not archived, newest registration first (ties: the higher version string), and the
 * archived ones last, newest first. Filter the result for what a use needs (a reference profile, a
 * card) and take the first.
 *
 * @example
 * versionsByPreference(entries).find((v) => v.has_reference_profile); // what the monitoring job uses
 */
export function versionsByPreference<V extends VersionLike>(versions: readonly V[]): V[] {
	const rank = (v: VersionLike) => (v.stage === 'production' ? 0 : v.stage === 'archived' ? 2 : 1);
	return [...versions].sort(
		(a, b) =>
			rank(a) - rank(b) ||
			Date.parse(b.created_at) - Date.parse(a.created_at) ||
			b.version.localeCompare(a.version, 'en', { numeric: true })
	);
}

/**
 * A model's current version, picked one way on every host: the version in production, or when none
 * is, the newest registered version that is not archived; undefined when every version is archived
 * (a model taken out of service has no current version) or there are none.
 *
 * @example
 * currentVersion(entries)?.version; // '1.1.0'
 */
export function currentVersion<V extends VersionLike>(versions: readonly V[]): V | undefined {
	const first = versionsByPreference(versions)[0];
	return first && first.stage !== 'archived' ? first : undefined;
}
