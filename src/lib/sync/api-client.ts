/** What GET /api/health answers. */
export interface HealthStatus {
	status: 'ok' | 'degraded';
	version: string;
	storage: { backend: string; reachable: boolean; latency_seconds?: number; error?: string };
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
		const headers = new Headers(init.headers);
		if (this.#token) headers.set('authorization', `Bearer ${this.#token}`);
		let response: Response;
		try {
			response = await this.#fetch(`${this.#baseUrl}${path}`, { ...init, headers });
		} catch (err) {
			throw new ApiClientError(
				0,
				'network',
				`The Vigil API at ${this.#baseUrl || 'this origin'} cannot be reached (${err instanceof Error ? err.message : 'network error'})`
			);
		}
		const text = await response.text();
		let body: unknown = undefined;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			// A non-JSON body (an HTML error page from a proxy) is reported below by status.
		}
		if (!response.ok) {
			const envelope = (body as { error?: { code?: string; message?: string; details?: unknown } })
				?.error;
			throw new ApiClientError(
				response.status,
				envelope?.code ?? 'http_error',
				envelope?.message ?? `The API answered ${response.status} ${response.statusText}`,
				envelope?.details
			);
		}
		return body as T;
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
}
