/** What GET /api/health answers. */
export interface HealthStatus {
	status: 'ok' | 'degraded';
	version: string;
	storage: { backend: string; reachable: boolean; latency_seconds?: number; error?: string };
}

/** Query of GET /api/v1/reports. Dates are ISO 8601. */
export interface ReportQuery {
	model?: string;
	from?: string;
	to?: string;
	/** true: only reports whose dataset drifted; false: only those that did not. */
	drifted?: boolean;
	cursor?: string;
	limit?: number;
}

/** One entry of a report listing (the fields the app reads; the Worker may send more). */
export interface ReportSummary {
	id: string;
	model?: string;
	model_version?: string;
	created_at?: string;
	drifted?: boolean;
	drift_share?: number;
	has_html?: boolean;
	[key: string]: unknown;
}

/** A page of reports. */
export interface ReportPage {
	items: ReportSummary[];
	next_cursor?: string | null;
}

/** One model's latest monitoring metrics (GET /api/v1/monitoring/latest). */
export interface MonitoringLatest {
	model: string;
	updated_at?: string | null;
	drift_share?: number | null;
	drifted?: boolean | null;
	performance?: {
		rmse?: number | null;
		mae?: number | null;
		accuracy?: number | null;
		f1?: number | null;
	};
	features?: { feature: string; method: string; score: number }[];
	last_prediction_at?: string | null;
	report?: { id: string; created_at: string | null; url: string } | null;
	[key: string]: unknown;
}

/** A registered model version. */
export interface ModelVersionInfo {
	name: string;
	version: string;
	stage?: 'production' | 'staging' | 'archived' | 'none' | string;
	sha256?: string;
	created_at?: string;
	card?: Record<string, unknown>;
	metrics?: Record<string, number>;
	[key: string]: unknown;
}

/** What the Worker answers to an accepted upload. */
export interface IngestAck {
	[key: string]: unknown;
}

export type ModelStage = 'production' | 'staging' | 'archived';

function query(params: object): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
	}
	const text = search.toString();
	return text ? `?${text}` : '';
}

/** Unwraps list answers that come either as an array or as `{ items }`/`{ <name>: [...] }`. */
export function listOf<T>(body: unknown, key: string): T[] {
	if (Array.isArray(body)) return body as T[];
	if (body && typeof body === 'object') {
		const record = body as Record<string, unknown>;
		if (Array.isArray(record.items)) return record.items as T[];
		if (Array.isArray(record[key])) return record[key] as T[];
	}
	return [];
}

/** An API failure with the envelope's code and message, or a network failure (`status` 0). */
export class ApiClientError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
		this.name = 'ApiClientError';
	}
}

export interface ApiClientOptions {
	/** Base URL of the Worker; '' means the page's own origin. */
	baseUrl?: string;
	/** Bearer token; kept on the device, never in the bundle. */
	token?: string;
	fetch?: typeof fetch;
}

/**
 * A thin typed client of the Vigil API that turns the JSON error envelope into `ApiClientError`.
 *
 * @example
 * const api = new ApiClient({ token });
 * const health = await api.health();
 */
export class ApiClient {
	readonly #baseUrl: string;
	readonly #token: string | undefined;
	readonly #fetch: typeof fetch;

	constructor({ baseUrl = '', token, fetch: fetchImpl = globalThis.fetch }: ApiClientOptions = {}) {
		this.#baseUrl = baseUrl.replace(/\/+$/, '');
		this.#token = token;
		this.#fetch = fetchImpl.bind(globalThis);
	}

	/** Sends a request and parses JSON, throwing `ApiClientError` on any failure. */
	async request<T>(path: string, init: RequestInit = {}): Promise<T> {
		const { body } = await this.#send(path, init);
		return body as T;
	}

	/** Sends a request and returns the raw text (HTML reports), throwing `ApiClientError` on failure. */
	async requestText(path: string, init: RequestInit = {}): Promise<string> {
		const { text } = await this.#send(path, init);
		return text;
	}

	/**
	 * Sends a request and returns the body's bytes (an ONNX file), throwing `ApiClientError` on
	 * failure.
	 *
	 * @example
	 * const onnx = await api.requestBytes('/api/v1/models/penicillin/1.0.0/model.onnx');
	 */
	async requestBytes(path: string, init: RequestInit = {}): Promise<Uint8Array> {
		const response = await this.#fetchWithToken(path, init);
		if (!response.ok) throw ApiClient.#failure(response, await response.text());
		return new Uint8Array(await response.arrayBuffer());
	}

	async #fetchWithToken(path: string, init: RequestInit): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.#token) headers.set('authorization', `Bearer ${this.#token}`);
		try {
			return await this.#fetch(`${this.#baseUrl}${path}`, { ...init, headers });
		} catch (err) {
			throw new ApiClientError(
				0,
				'network',
				`The Vigil API at ${this.#baseUrl || 'this origin'} cannot be reached (${err instanceof Error ? err.message : 'network error'})`
			);
		}
	}

	/** The error of a failed response, from the JSON error envelope when there is one. */
	static #failure(response: Response, text: string): ApiClientError {
		let body: unknown = undefined;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			// A non-JSON body (an HTML error page from a proxy) is reported by status.
		}
		const envelope = (body as { error?: { code?: string; message?: string; details?: unknown } })
			?.error;
		return new ApiClientError(
			response.status,
			envelope?.code ?? 'http_error',
			envelope?.message ?? `The API answered ${response.status} ${response.statusText}`,
			envelope?.details
		);
	}

	async #send(path: string, init: RequestInit): Promise<{ text: string; body: unknown }> {
		const response = await this.#fetchWithToken(path, init);
		const text = await response.text();
		if (!response.ok) throw ApiClient.#failure(response, text);
		let body: unknown = undefined;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			// A 2xx answer that is not JSON (an HTML report page) is returned as text only.
		}
		return { text, body };
	}

	/** GET /api/health. A 503 still carries a health document, so it is returned, not thrown. */
	async health(): Promise<HealthStatus> {
		try {
			return await this.request<HealthStatus>('/api/health');
		} catch (err) {
			if (err instanceof ApiClientError && err.status === 503 && err.code === 'http_error') {
				const response = await this.#fetch(`${this.#baseUrl}/api/health`);
				return (await response.json()) as HealthStatus;
			}
			throw err;
		}
	}
	/**
	 * POST /api/v1/predictions: a batch of prediction records, stored once per idempotency key.
	 *
	 * @example
	 * await api.postPredictions(records, entry.idempotencyKey);
	 */
	postPredictions(records: unknown[], idempotencyKey: string): Promise<IngestAck> {
		return this.request<IngestAck>('/api/v1/predictions', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
			body: JSON.stringify(records)
		});
	}

	/**
	 * GET /api/v1/predictions: the stored prediction objects of a model in a time range.
	 *
	 * @example
	 * const objects = await api.listPredictions({ model: 'penicillin' });
	 */
	async listPredictions(
		params: { model?: string; from?: string; to?: string } = {}
	): Promise<Record<string, unknown>[]> {
		return listOf(await this.request(`/api/v1/predictions${query(params)}`), 'objects');
	}

	/**
	 * POST /api/v1/reports: a drift/performance report (JSON), with its HTML page when given
	 * (multipart `report` + `html`).
	 *
	 * @example
	 * await api.postReport(report, entry.idempotencyKey, html);
	 */
	postReport(report: unknown, idempotencyKey: string, html?: string): Promise<IngestAck> {
		if (html === undefined) {
			return this.request<IngestAck>('/api/v1/reports', {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
				body: JSON.stringify(report)
			});
		}
		const form = new FormData();
		form.set('report', new Blob([JSON.stringify(report)], { type: 'application/json' }));
		form.set('html', new Blob([html], { type: 'text/html' }));
		return this.request<IngestAck>('/api/v1/reports', {
			method: 'POST',
			headers: { 'idempotency-key': idempotencyKey },
			body: form
		});
	}

	/**
	 * GET /api/v1/reports with filters, one page at a time.
	 *
	 * @example
	 * const { items, next_cursor } = await api.listReports({ model: 'penicillin', verdict: 'drift' });
	 */
	async listReports(params: ReportQuery = {}): Promise<ReportPage> {
		const body = await this.request<unknown>(`/api/v1/reports${query(params)}`);
		const items = listOf<ReportSummary>(body, 'reports');
		// The Worker filters by the dataset verdict with `drifted`.
		const cursor =
			body && typeof body === 'object' && !Array.isArray(body)
				? ((body as { next_cursor?: string | null; cursor?: string | null }).next_cursor ??
					(body as { cursor?: string | null }).cursor ??
					null)
				: null;
		return { items, next_cursor: cursor };
	}

	/**
	 * GET /api/v1/reports/latest?model=: the newest report of a model, or null when it has none.
	 *
	 * @example
	 * const report = await api.latestReport('penicillin');
	 */
	async latestReport(model: string): Promise<Record<string, unknown> | null> {
		try {
			return await this.request(`/api/v1/reports/latest${query({ model })}`);
		} catch (err) {
			if (err instanceof ApiClientError && err.status === 404) return null;
			throw err;
		}
	}

	/**
	 * GET /api/v1/reports/{id} as JSON.
	 *
	 * @example
	 * const report = await api.getReport(id);
	 */
	getReport(id: string): Promise<Record<string, unknown>> {
		return this.request(`/api/v1/reports/${encodeURIComponent(id)}`, {
			headers: { accept: 'application/json' }
		});
	}

	/**
	 * GET /api/v1/reports/{id} as the stored HTML (shown in a sandboxed iframe, never run).
	 *
	 * @example
	 * iframe.srcdoc = await api.getReportHtml(id);
	 */
	getReportHtml(id: string): Promise<string> {
		return this.requestText(`/api/v1/reports/${encodeURIComponent(id)}?format=html`, {
			headers: { accept: 'text/html' }
		});
	}

	/**
	 * GET /api/v1/monitoring/latest: the latest metrics of one model, or of every model.
	 *
	 * @example
	 * const fleet = await api.monitoringLatest();
	 */
	async monitoringLatest(model?: string): Promise<MonitoringLatest[]> {
		const body = await this.request<unknown>(`/api/v1/monitoring/latest${query({ model })}`);
		if (body && typeof body === 'object' && !Array.isArray(body) && 'model' in body) {
			return [body as MonitoringLatest];
		}
		return listOf<MonitoringLatest>(body, 'models');
	}

	/**
	 * GET /api/v1/models: every registered model version.
	 *
	 * @example
	 * const versions = await api.listModels();
	 */
	async listModels(): Promise<ModelVersionInfo[]> {
		const body = await this.request<unknown>('/api/v1/models');
		const entries = listOf<Record<string, unknown>>(body, 'models');
		// A listing grouped by model ({ name, versions: [...] }) is flattened to versions.
		return entries.flatMap((entry) =>
			Array.isArray(entry.versions)
				? (entry.versions as Record<string, unknown>[]).map(
						(v) => ({ name: entry.name, ...v }) as ModelVersionInfo
					)
				: [entry as ModelVersionInfo]
		);
	}

	/**
	 * GET /api/v1/models/{name}/{version}: one version with its card.
	 *
	 * @example
	 * const info = await api.getModel('penicillin', '1.0.0');
	 */
	getModel(name: string, version: string): Promise<ModelVersionInfo> {
		return this.request(
			`/api/v1/models/${encodeURIComponent(name)}/${encodeURIComponent(version)}`
		);
	}

	/**
	 * POST /api/v1/models/{name}/{version}/promote: move a version to a stage.
	 *
	 * @example
	 * await api.promoteModel('penicillin', '1.1.0', 'production');
	 * await api.promoteModel('penicillin', '1.0.0', 'production', { force: true }); // a roll back
	 */
	promoteModel(
		name: string,
		version: string,
		stage: ModelStage,
		{ force = false }: { force?: boolean } = {}
	): Promise<unknown> {
		return this.request(
			`/api/v1/models/${encodeURIComponent(name)}/${encodeURIComponent(version)}/promote`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(force ? { stage, force: true } : { stage })
			}
		);
	}

	/**
	 * PUT /api/v1/models/{name}/{version}/evaluation: stores a challenger's evaluation
	 * (`vigil.evaluation/1`), which promotion to production requires.
	 *
	 * @example
	 * await api.putEvaluation(evaluation);
	 */
	putEvaluation(evaluation: {
		model: string;
		challenger: { version: string };
	}): Promise<{ stored: boolean; passed: boolean; failed_gates: string[] }> {
		return this.request(
			`/api/v1/models/${encodeURIComponent(evaluation.model)}/${encodeURIComponent(evaluation.challenger.version)}/evaluation`,
			{
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(evaluation)
			}
		);
	}

	/**
	 * PUT /api/v1/models/{name}/{version}: registers an ONNX model with its card (the Worker checks
	 * the card's SHA-256 against the bytes).
	 *
	 * @example
	 * await api.putModel(card.name, card.version, card, onnxBytes);
	 */
	putModel(name: string, version: string, card: unknown, onnx: ArrayBuffer): Promise<unknown> {
		return this.request(
			`/api/v1/models/${encodeURIComponent(name)}/${encodeURIComponent(version)}`,
			{
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ card, onnx_base64: toBase64(onnx) })
			}
		);
	}

	/**
	 * POST /api/v1/metrics/snapshots: this device's counters and gauges since its last push.
	 *
	 * @example
	 * await api.postSnapshot(snapshot);
	 */
	postSnapshot(snapshot: unknown): Promise<unknown> {
		return this.request('/api/v1/metrics/snapshots', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(snapshot)
		});
	}
}

function toBase64(bytes: ArrayBuffer): string {
	const view = new Uint8Array(bytes);
	let binary = '';
	// Chunks keep String.fromCharCode's argument count well under engine limits.
	for (let i = 0; i < view.length; i += 0x8000) {
		binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}
