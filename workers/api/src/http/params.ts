import type { Context } from 'hono';
import { safeNameSchema, versionSchema } from '../../../../src/lib/contracts/common';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';

const DAY_MS = 86_400_000;

/**
 * The `model` query parameter: a model name (letters, digits, ".", "_", "-"), or undefined when
 * absent and not `required`.
 *
 * @example
 * const model = modelParam(c.req.query('model'), true);
 */
export function modelParam(value: string | undefined, required: true): string;
export function modelParam(value: string | undefined, required: boolean): string | undefined;
export function modelParam(value: string | undefined, required: boolean): string | undefined {
	if (value === undefined || value === '') {
		if (required)
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter model is required and must be a model name'
			);
		return undefined;
	}
	if (!safeNameSchema.safeParse(value).success)
		throw new ApiError(
			400,
			'bad_request',
			'Query parameter model must be a model name (letters, digits, ".", "_", "-")'
		);
	return value;
}

/**
 * A query parameter holding an ISO date or timestamp, as epoch milliseconds.
 *
 * @example
 * timeParam('2026-11-22T10:00:00Z', 'from'); // 1795341600000
 */
export function timeParam(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const t = Date.parse(value);
	if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t))
		throw new ApiError(
			400,
			'bad_request',
			`Query parameter ${name} must be an ISO date or timestamp`
		);
	return t;
}

/**
 * A query parameter holding an ISO date or timestamp, as its UTC date (YYYY-MM-DD).
 *
 * @example
 * dateParam('2026-11-22T23:30:00-02:00', 'to'); // '2026-11-23'
 */
export function dateParam(value: string | undefined, name: string): string | undefined {
	const t = timeParam(value, name);
	return t === undefined ? undefined : new Date(t).toISOString().slice(0, 10);
}

/**
 * A duration query parameter: `30m`, `12h`, `1d`, `7d` → milliseconds.
 *
 * @example
 * durationParam('12h', 'window'); // 43200000
 */
export function durationParam(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const m = /^(\d{1,5})(m|h|d)$/.exec(value);
	if (!m || Number(m[1]) === 0)
		throw new ApiError(
			400,
			'bad_request',
			`Query parameter ${name} must be a duration such as 30m, 12h or 1d`
		);
	return Number(m[1]) * { m: 60_000, h: 3_600_000, d: DAY_MS }[m[2] as 'm' | 'h' | 'd'];
}

/**
 * The `:name` and `:version` path parameters of a model route, checked as a model name and a
 * version (no "..", no markup).
 *
 * @example
 * const { name, version } = nameVersion(c);
 */
export function nameVersion(c: Context<AppEnv>): { name: string; version: string } {
	const name = c.req.param('name') ?? '';
	const version = c.req.param('version') ?? '';
	if (!safeNameSchema.safeParse(name).success)
		throw new ApiError(
			400,
			'bad_request',
			'A model name is letters, digits, ".", "_" and "-" only, without ".."'
		);
	if (!versionSchema.safeParse(version).success)
		throw new ApiError(
			400,
			'bad_request',
			'A model version is letters, digits, ".", "_", "+" and "-" only, without ".."'
		);
	return { name, version };
}
