import type { Threshold } from './settings-validation';

export type Status = 'ok' | 'warn' | 'bad' | 'unknown';

/**
 * Green/amber/red for a metric value against the user's thresholds. A value at the amber limit is
 * amber, at the red limit red; a missing value is 'unknown'.
 *
 * @example
 * statusOf(0.3, { amber: 0.2, red: 0.5, higherIsWorse: true }); // 'warn'
 * statusOf(0.9, { amber: 0.85, red: 0.7, higherIsWorse: false }); // 'ok'
 */
export function statusOf(value: number | null | undefined, t: Threshold): Status {
	if (value === null || value === undefined || !Number.isFinite(value)) return 'unknown';
	if (t.higherIsWorse) {
		if (value >= t.red) return 'bad';
		if (value >= t.amber) return 'warn';
		return 'ok';
	}
	if (value <= t.red) return 'bad';
	if (value <= t.amber) return 'warn';
	return 'ok';
}

/**
 * The worst of several statuses; 'unknown' only when nothing is known.
 *
 * @example
 * worstStatus(['ok', 'warn', 'unknown']); // 'warn'
 */
export function worstStatus(statuses: Status[]): Status {
	const order: Status[] = ['bad', 'warn', 'ok'];
	for (const s of order) if (statuses.includes(s)) return s;
	return 'unknown';
}

export const STATUS_LABEL: Record<Status, string> = {
	ok: 'green',
	warn: 'amber',
	bad: 'red',
	unknown: 'no data'
};
