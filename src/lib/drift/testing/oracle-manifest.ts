import type { Oracle } from './oracle';

/** A drawn side of a seeded case, as scripts/oracle/samples.py reads it. */
type SideSpec =
	| ['normal' | 'uniform' | 'integers', number, number, number]
	| ['constant', number, number]
	| ['categories', string[], number[], number]
	| 'same'
	| 'permuted';

interface SideOptions {
	missing?: Partial<Record<'nan' | 'inf' | '-inf', number>>;
	nulls?: number;
}

export interface ManifestCase {
	id: string;
	type: 'numerical' | 'categorical';
	kind: string;
	note: string;
	source: 'fixture' | 'seeded';
	seed?: number;
	ref?: SideSpec;
	cur?: SideSpec;
	ref_options?: SideOptions;
	cur_options?: SideOptions;
}

/** scripts/oracle/cases.json: the case list the generator follows and the versions it requires. */
export interface OracleManifest {
	requires: { python: string; numpy: string; scipy: string };
	cases: ManifestCase[];
}

function drawnSize(spec: SideSpec, options: SideOptions = {}): number {
	if (typeof spec === 'string') throw new Error(`"${spec}" has no size of its own`);
	const n = spec[0] === 'constant' ? spec[2] : spec[3];
	const missing = options.missing ?? {};
	return (
		n + (missing.nan ?? 0) + (missing.inf ?? 0) + (missing['-inf'] ?? 0) + (options.nulls ?? 0)
	);
}

function sameMultiset(a: unknown[], b: unknown[]): boolean {
	const key = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
	return JSON.stringify(key(a)) === JSON.stringify(key(b));
}

function versionMismatches(oracle: Oracle, manifest: OracleManifest): string[] {
	const out: string[] = [];
	const { python, numpy, scipy } = manifest.requires;
	const v = oracle.versions ?? {};
	if (v.numpy !== numpy) out.push(`versions.numpy is ${v.numpy}, the case list requires ${numpy}`);
	if (v.scipy !== scipy) out.push(`versions.scipy is ${v.scipy}, the case list requires ${scipy}`);
	if (!(v.python === python || v.python?.startsWith(`${python}.`)))
		out.push(`versions.python is ${v.python}, the case list requires ${python}.x`);
	const extra = Object.keys(v).filter((k) => !['python', 'numpy', 'scipy'].includes(k));
	if (extra.length)
		out.push(`versions records ${extra.join(', ')}, which the generator does not use`);
	if (oracle.generator !== 'scripts/oracle/drift_oracle.py')
		out.push(`generator is ${oracle.generator}, expected scripts/oracle/drift_oracle.py`);
	return out;
}

/**
 * Every way the committed oracle disagrees with its case list: versions and generator, case count,
 * ids, order, types, kinds and notes, and for seeded cases the sizes their descriptions give (and
 * equal samples where the current side is the reference's list or a permutation of it). An empty
 * list means the oracle was regenerated from this case list with the required versions.
 *
 * @example
 * manifestMismatches(oracle, manifest); // [] when they agree
 */
export function manifestMismatches(oracle: Oracle, manifest: OracleManifest): string[] {
	const out = versionMismatches(oracle, manifest);
	if (oracle.cases.length !== manifest.cases.length)
		out.push(`the oracle has ${oracle.cases.length} cases, the case list ${manifest.cases.length}`);
	manifest.cases.forEach((m, i) => {
		const c = oracle.cases[i];
		if (!c) return;
		for (const key of ['id', 'type', 'kind', 'note'] as const)
			if (c[key as keyof typeof c] !== m[key])
				out.push(
					`case ${i} ${key}: oracle ${JSON.stringify(c[key as keyof typeof c])}, case list ${JSON.stringify(m[key])}`
				);
		if (c.n_ref !== c.reference.length || c.n_cur !== c.current.length)
			out.push(`case ${m.id}: n_ref/n_cur do not match the stored samples`);
		if (m.source !== 'seeded' || !m.ref || !m.cur) return;
		const nRef = drawnSize(m.ref, m.ref_options);
		const nCur = m.cur === 'same' || m.cur === 'permuted' ? nRef : drawnSize(m.cur, m.cur_options);
		if (c.n_ref !== nRef || c.n_cur !== nCur)
			out.push(
				`case ${m.id}: sizes ${c.n_ref} v ${c.n_cur}, its description gives ${nRef} v ${nCur}`
			);
		if (m.cur === 'same' && JSON.stringify(c.reference) !== JSON.stringify(c.current))
			out.push(`case ${m.id}: current should be the reference list itself`);
		if (m.cur === 'permuted' && !sameMultiset(c.reference, c.current))
			out.push(`case ${m.id}: current should hold the reference values in another order`);
	});
	return out;
}
