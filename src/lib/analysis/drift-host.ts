import type { Report } from '../contracts/report';
import { multivariateDriftResult, createDetector, runStreamingDetector } from '../drift/advanced';
import {
	fitPcaReconstruction,
	type PcaReconstructionModel
} from '../drift/advanced/pca-reconstruction';
import type { AdvancedDrift } from '../drift/advanced/schemas';
import {
	buildProfile,
	deserializeProfile,
	profileDigest,
	serializeProfile,
	type ReferenceProfile
} from '../drift/profile';
import { buildReport } from '../drift/report';
import { sha256Hex } from '../drift/sha256';
import type { ColumnData } from '../drift/types';
import { abortError, serializeError } from '../worker-rpc';
import { ReferenceMismatchError } from './errors';
import type { DriftRequest, DriftResponse, ProfileInfo, ReportJob } from './protocol';

interface HeldProfile {
	profile: ReferenceProfile;
	info: ProfileInfo;
	pca?: PcaReconstructionModel;
}

export interface DriftHostOptions {
	post: (message: DriftResponse, transfer?: Transferable[]) => void;
	/** Lets queued messages (a cancel) in between stages; a macrotask in the worker. */
	yieldToEvents?: () => Promise<void>;
	now?: () => number;
}

const MIN_PCA_ROWS = 100;

function rowsOf(col: ColumnData): number {
	return col.type === 'numerical' ? col.values.length : col.codes.length;
}

/**
 * The drift worker's logic, independent of the Worker global so it runs in Node tests too: it
 * freezes reference profiles (recording their SHA-256), checks the digest before every reuse, and
 * builds reports with the core's buildReport plus the advanced methods that apply (PCA
 * reconstruction drift on numerical features, Page-Hinkley on requested streams). Cancellation is
 * cooperative: it is honoured between stages.
 *
 * @example
 * const handle = createDriftHost({ post: (m) => self.postMessage(m) });
 * self.onmessage = (e) => void handle(e.data);
 */
export function createDriftHost({
	post,
	yieldToEvents = () => new Promise((r) => setTimeout(r, 0)),
	now = () => performance.now()
}: DriftHostOptions): (message: DriftRequest) => Promise<void> {
	const profiles = new Map<string, HeldProfile>();
	const cancelled = new Set<number>();

	async function checkpoint(id: number): Promise<void> {
		await yieldToEvents();
		if (cancelled.has(id)) throw abortError('Drift computation was cancelled');
	}

	async function describe(
		key: string,
		profile: ReferenceProfile,
		multivariate: boolean
	): Promise<{ info: ProfileInfo; bytes: Uint8Array }> {
		const bytes = serializeProfile(profile);
		return {
			bytes,
			info: {
				key,
				name: profile.name,
				sha256: profileDigest(profile),
				profileSha256: await sha256Hex(bytes),
				rows: profile.rows,
				columns: profile.columns.map((c) => ({ name: c.name, type: c.type })),
				createdAt: profile.created_at,
				multivariate
			}
		};
	}

	async function freeze(message: Extract<DriftRequest, { type: 'profile' }>): Promise<void> {
		const { id, key } = message;
		post({ type: 'progress', id, stage: 'profile', done: 0, total: 1 });
		const profile = buildProfile(message.columns, { name: message.name, sha256: message.sha256 });
		await checkpoint(id);
		let pca: PcaReconstructionModel | undefined;
		const numeric = message.columns.filter((c) => c.type === 'numerical');
		if (message.multivariate && numeric.length >= 2 && rowsOf(numeric[0]) >= MIN_PCA_ROWS) {
			post({ type: 'progress', id, stage: 'multivariate', done: 0, total: 1 });
			pca = fitPcaReconstruction(numeric, {
				chunkSize: Math.max(50, Math.floor(rowsOf(numeric[0]) / 10))
			});
			await checkpoint(id);
		}
		const { info } = await describe(key, profile, pca !== undefined);
		profiles.set(key, { profile, info, pca });
		post({ type: 'profiled', id, info });
	}

	async function report(message: Extract<DriftRequest, { type: 'report' }>): Promise<void> {
		const { id } = message;
		const job: ReportJob = message;
		const held = profiles.get(job.key);
		if (!held)
			throw new Error(
				`No reference profile "${job.key}" is loaded in the drift worker: build the reference first.`
			);
		// The frozen profile is reused only for the data it was frozen from.
		if (held.info.sha256 !== job.expectedSha256)
			throw new ReferenceMismatchError(job.expectedSha256, held.info.sha256);
		const started = now();
		const total = 2 + (held.pca ? 1 : 0) + (job.streams?.length ? 1 : 0);
		let done = 0;
		post({ type: 'progress', id, stage: 'columns', done, total });
		await checkpoint(id);
		const advanced: AdvancedDrift = {};
		if (held.pca) {
			post({ type: 'progress', id, stage: 'multivariate', done: ++done, total });
			const wanted = new Set(held.pca.columns.map((c) => c.name));
			const cols = job.current.filter((c) => wanted.has(c.name));
			if (cols.length === wanted.size) {
				const n = rowsOf(cols[0]);
				advanced.multivariate = multivariateDriftResult(held.pca, [
					{ window: { index: 0, start: 0, end: n, label: job.currentName }, columns: cols }
				]);
			}
			await checkpoint(id);
		}
		if (job.streams?.length) {
			post({ type: 'progress', id, stage: 'streaming', done: ++done, total });
			advanced.streaming = job.streams.flatMap((name) => {
				const col = job.current.find((c) => c.name === name);
				return col && col.type === 'numerical'
					? [runStreamingDetector(createDetector('page-hinkley'), col.values, name)]
					: [];
			});
			await checkpoint(id);
		}
		post({ type: 'progress', id, stage: 'columns', done: done + 1, total });
		const result: Report = buildReport({
			reference: held.profile,
			current: job.current,
			currentName: job.currentName,
			window: job.window,
			model: job.model,
			prediction: job.prediction,
			target: job.target,
			task: job.task,
			options: job.options,
			additionalMethods: job.additionalMethods,
			advanced: advanced.multivariate || advanced.streaming?.length ? advanced : undefined
		});
		await checkpoint(id);
		post({ type: 'progress', id, stage: 'done', done: total, total });
		post({ type: 'report', id, report: result, seconds: (now() - started) / 1000 });
	}

	return async function handle(message: DriftRequest): Promise<void> {
		if (message.type === 'cancel') {
			cancelled.add(message.id);
			return;
		}
		try {
			switch (message.type) {
				case 'profile':
					await freeze(message);
					break;
				case 'load-profile': {
					const profile = deserializeProfile(message.bytes);
					const { info } = await describe(message.key, profile, false);
					profiles.set(message.key, { profile, info });
					post({ type: 'profiled', id: message.id, info });
					break;
				}
				case 'export-profile': {
					const held = profiles.get(message.key);
					if (!held) throw new Error(`No reference profile "${message.key}" is loaded.`);
					const { info, bytes } = await describe(message.key, held.profile, !!held.pca);
					post({ type: 'profile-bytes', id: message.id, info, bytes }, [bytes.buffer]);
					break;
				}
				case 'report':
					await report(message);
					break;
			}
		} catch (err) {
			post({ type: 'error', id: message.id, error: serializeError(err) });
		} finally {
			cancelled.delete(message.id);
		}
	};
}
