import { CliError } from '../command.ts';

/** The API could not be reached (connection refused, DNS, timeout): worth retrying. */
export class ApiUnreachableError extends Error {
	constructor(
		readonly url: string,
		cause: unknown
	) {
		const reason =
			(cause as { cause?: { code?: string } })?.cause?.code ?? (cause as Error)?.message;
		super(`API ${url} is unreachable (${reason})`);
		this.name = 'ApiUnreachableError';
	}
}

/** The API answered with an error status; `retry` is true for 5xx, 429 and a pending 409. */
export class ApiStatusError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly detail: string,
		readonly retry: boolean,
		what: string
	) {
		super(`API refused ${what}: ${status} ${code}${detail ? `: ${detail}` : ''}`);
		this.name = 'ApiStatusError';
	}
}

/**
 * A small client of the Worker API (/api/v1): bearer token, the error envelope turned into
 * ApiStatusError, network failures into ApiUnreachableError, a time limit per request.
 *
 * @example
 * const api = new ApiClient('http://127.0.0.1:8787', token);
 * const list = await api.json('GET', '/api/v1/predictions?model=bike-demand');
 */
export class ApiClient {
	readonly base: string;

	constructor(
		base: string,
		private readonly token: string,
		private readonly timeoutMs = 30_000
	) {
		let url: URL;
		try {
			url = new URL(base);
		} catch {
			throw new CliError(`--api '${base}' is not a URL (e.g. http://127.0.0.1:8787)`);
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:')
			throw new CliError(`--api '${base}' must be an http:// or https:// URL`);
		if (!token) throw new CliError('--token is required');
		this.base = base.replace(/\/+$/, '');
	}

	async request(
		method: string,
		path: string,
		init: { body?: BodyInit; headers?: Record<string, string> } = {}
	): Promise<Response> {
		const url = `${this.base}${path}`;
		let res: Response;
		try {
			res = await fetch(url, {
				method,
				body: init.body,
				headers: { authorization: `Bearer ${this.token}`, ...init.headers },
				signal: AbortSignal.timeout(this.timeoutMs)
			});
		} catch (err) {
			throw new ApiUnreachableError(this.base, err);
		}
		if (res.ok) return res;
		let code = '';
		let detail = '';
		try {
			const body = (await res.json()) as { error?: { code?: string; message?: string } };
			code = body.error?.code ?? '';
			detail = body.error?.message ?? '';
		} catch {
			// not the JSON envelope (a proxy's page, say)
		}
		const pending = res.status === 409 && /retry/i.test(detail);
		throw new ApiStatusError(
			res.status,
			code || res.statusText,
			detail,
			res.status >= 500 || res.status === 429 || pending,
			`${method} ${path.split('?')[0]}`
		);
	}

	async json<T>(
		method: string,
		path: string,
		init?: { body?: BodyInit; headers?: Record<string, string> }
	): Promise<T> {
		return (await (await this.request(method, path, init)).json()) as T;
	}
}

/**
 * An API error as the one-line reason of exit code 2.
 *
 * @example
 * catch (e) { throw apiCliError(e); }
 */
export function apiCliError(err: unknown): Error {
	if (err instanceof ApiUnreachableError || err instanceof ApiStatusError)
		return new CliError(err.message);
	return err instanceof Error ? err : new Error(String(err));
}
