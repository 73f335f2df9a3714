import { exports } from 'cloudflare:workers';
import { monotonicFactory } from 'ulid';
import type { PredictionRecord } from '../../../src/lib/contracts/prediction';
import { TEST_TOKENS, type TestTokenName } from './tokens';

export { TEST_TOKENS };

const BASE = 'http://vigil.test';
const nextUlid = monotonicFactory();

/** A fresh ULID (monotonic within the test run). */
export function newId(): string {
	return nextUlid();
}

/** Calls the Worker's fetch handler with an optional test token. */
export async function call(
	path: string,
	{ token, ...init }: RequestInit & { token?: TestTokenName } = {}
): Promise<Response> {
	const headers = new Headers(init.headers);
	if (token) headers.set('authorization', `Bearer ${TEST_TOKENS[token].token}`);
	return exports.default.fetch(`${BASE}${path}`, { ...init, headers });
}

/** POSTs JSON with a token. */
export function postJson(
	path: string,
	body: unknown,
	token: TestTokenName,
	headers: Record<string, string> = {}
) {
	return call(path, {
		method: 'POST',
		token,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
}

export interface ErrorBody {
	error: { code: string; message: string; details?: unknown };
}

/** A valid prediction record with overrides. */
export function record(overrides: Partial<PredictionRecord> = {}): PredictionRecord {
	return {
		id: newId(),
		model: 'penicillin-soft-sensor',
		model_version: '1.0.0',
		device: 'tablet-1',
		ts: '2026-11-22T10:00:00Z',
		features: { temperature: 298.1, ph: 6.5, aeration: 30, phase: 'fed', alarm: false, note: null },
		prediction: 12.5,
		latency_seconds: 0.004,
		...overrides
	};
}
