import type { SerializedError } from '../worker-rpc';
import type { Report } from '../contracts/report';
import type { DriftOptions } from '../drift/defaults';
import type { StatisticName } from '../drift/registry';
import type { ColumnData } from '../drift/types';

/** What the worker knows about a frozen reference profile it holds. */
export interface ProfileInfo {
	/** The key the page uses to ask for reports against this profile. */
	key: string;
	name: string;
	/** SHA-256 of the reference's source data (the profile's digest). */
	sha256: string;
	/** SHA-256 of the serialized profile (VGPF bytes), recorded when the profile was frozen. */
	profileSha256: string;
	rows: number;
	columns: { name: string; type: 'numerical' | 'categorical' }[];
	createdAt: string;
	/** Whether a multivariate (PCA reconstruction) model was fitted on the reference rows. */
	multivariate: boolean;
}

/** Everything buildReport needs besides the reference, as the page sends it. */
export interface ReportJob {
	/** Profile key (from a `profile` or `load-profile` answer). */
	key: string;
	/** The reference SHA-256 the page expects; a profile with another digest is refused. */
	expectedSha256: string;
	current: ColumnData[];
	currentName: string;
	window?: { start?: string; end?: string; label?: string };
	model?: { name: string; version: string };
	prediction?: string;
	target?: string;
	task?: 'regression' | 'classification';
	options?: DriftOptions;
	additionalMethods?: StatisticName[];
	/** Numerical columns fed to a Page-Hinkley detector in row order (e.g. the prediction). */
	streams?: string[];
}

/** Messages from the page to the drift worker. */
export type DriftRequest =
	| {
			type: 'profile';
			id: number;
			key: string;
			name: string;
			sha256: string;
			columns: ColumnData[];
			/** Fit the PCA reconstruction model on the numerical reference columns too. */
			multivariate?: boolean;
	  }
	| { type: 'load-profile'; id: number; key: string; bytes: Uint8Array }
	| { type: 'export-profile'; id: number; key: string }
	| ({ type: 'report'; id: number } & ReportJob)
	| { type: 'cancel'; id: number };

/** Stages a report goes through, reported as progress. */
export type DriftStage = 'profile' | 'multivariate' | 'columns' | 'streaming' | 'done';

/** Messages from the drift worker to the page. */
export type DriftResponse =
	| { type: 'progress'; id: number; stage: DriftStage; done: number; total: number }
	| { type: 'profiled'; id: number; info: ProfileInfo }
	| { type: 'profile-bytes'; id: number; info: ProfileInfo; bytes: Uint8Array }
	| { type: 'report'; id: number; report: Report; seconds: number }
	| { type: 'error'; id: number; error: SerializedError };

/** The Worker-like endpoint the client talks to (a real Worker, or an in-process port in tests). */
export interface DriftEndpoint {
	postMessage(message: DriftRequest, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<DriftResponse>) => void): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<DriftResponse>) => void
	): void;
	addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
	terminate?(): void;
}
