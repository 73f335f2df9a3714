// The cron triggers of wrangler.toml, read and evaluated locally: `wrangler dev` does not fire them, so
// `npm start` computes when each would fire and drives the Worker's scheduled handler itself.
// Five fields (minute hour day-of-month month day-of-week) in UTC, as Cloudflare runs them; numbers,
// names (JAN, MON), `*`, ranges `a-b`, steps `*/n` and `a-b/n`, and lists. Cloudflare's `L`, `W` and
// `#` are refused with a message rather than misread.

const FIELDS = [
	{ name: 'minute', min: 0, max: 59 },
	{ name: 'hour', min: 0, max: 23 },
	{ name: 'day of month', min: 1, max: 31 },
	{ name: 'month', min: 1, max: 12, names: 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC' },
	{ name: 'day of week', min: 0, max: 7, names: 'SUN MON TUE WED THU FRI SAT' }
];

/**
 * @typedef {{ expression: string, minutes: Set<number>, hours: Set<number>, days: Set<number>,
 *   months: Set<number>, weekdays: Set<number>, anyDay: boolean, anyWeekday: boolean }} Cron
 */

/**
 * @param {string} text
 * @param {(typeof FIELDS)[number]} field
 */
function value(text, field) {
	const named = field.names?.split(' ').indexOf(text.toUpperCase()) ?? -1;
	const n = named >= 0 ? named + (field.min === 1 ? 1 : 0) : Number(text);
	if (!Number.isInteger(n) || n < field.min || n > field.max)
		throw new Error(`${field.name} '${text}' is not in ${field.min}–${field.max}`);
	return n;
}

/**
 * @param {string} text
 * @param {(typeof FIELDS)[number]} field
 */
function parseField(text, field) {
	const out = new Set();
	for (const part of text.split(',')) {
		const [range, stepText] = part.split('/');
		const step = stepText === undefined ? 1 : Number(stepText);
		if (!Number.isInteger(step) || step < 1)
			throw new Error(`${field.name} step '${stepText}' is not a positive integer`);
		let from = field.min;
		let to = field.max;
		if (range !== '*') {
			const [a, b] = range.split('-');
			from = value(a, field);
			to = b === undefined ? (stepText === undefined ? from : field.max) : value(b, field);
			if (to < from) throw new Error(`${field.name} range '${range}' runs backwards`);
		}
		for (let v = from; v <= to; v += step) out.add(v);
	}
	return out;
}

/**
 * Parses a five-field cron expression.
 * @param {string} expression
 * @returns {Cron}
 * @throws {Error} naming the field that cannot be read
 * @example
 * parseCron('*\/5 * * * *').minutes; // Set { 0, 5, 10, … 55 }
 */
export function parseCron(expression) {
	const parts = expression.trim().split(/\s+/);
	if (parts.length !== 5)
		throw new Error(`cron '${expression}' has ${parts.length} fields, expected 5`);
	parts.forEach((part, i) => {
		const names = FIELDS[i].names?.split(' ') ?? [];
		const unnamed = part.replace(/[A-Z]{3}/gi, (w) => (names.includes(w.toUpperCase()) ? '' : w));
		if (/[LW#?]/i.test(unnamed))
			throw new Error(
				`cron '${expression}': ${FIELDS[i].name} '${part}' uses L, W, # or ?, which npm start cannot schedule`
			);
	});
	const [minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i]));
	// 7 is Sunday as well as 0.
	if (weekdays.has(7)) weekdays.add(0);
	return {
		expression,
		minutes,
		hours,
		days,
		months,
		weekdays,
		anyDay: parts[2] === '*',
		anyWeekday: parts[4] === '*'
	};
}

/**
 * The first minute strictly after `after` at which `cron` fires (UTC). When both day fields are
 * restricted, either matching is enough (the classic cron rule).
 * @param {Cron} cron
 * @param {Date} after
 * @returns {Date}
 * @example
 * nextFire(parseCron('*\/5 * * * *'), new Date('2026-01-01T10:02:30Z')); // 2026-01-01T10:05:00Z
 */
export function nextFire(cron, after) {
	const t = new Date(after.getTime());
	t.setUTCSeconds(0, 0);
	t.setUTCMinutes(t.getUTCMinutes() + 1);
	// Every minute of four years covers any expression that fires at all (29 February included).
	for (let i = 0; i < 4 * 366 * 24 * 60; i++) {
		const dayOfMonth = cron.days.has(t.getUTCDate());
		const dayOfWeek = cron.weekdays.has(t.getUTCDay());
		const day =
			cron.anyDay && cron.anyWeekday
				? true
				: cron.anyDay
					? dayOfWeek
					: cron.anyWeekday
						? dayOfMonth
						: dayOfMonth || dayOfWeek;
		if (
			cron.months.has(t.getUTCMonth() + 1) &&
			day &&
			cron.hours.has(t.getUTCHours()) &&
			cron.minutes.has(t.getUTCMinutes())
		)
			return t;
		t.setUTCMinutes(t.getUTCMinutes() + 1);
	}
	throw new Error(`cron '${cron.expression}' never fires`);
}

/**
 * The cron expressions of `[triggers] crons = [...]` in wrangler.toml text.
 * @param {string} toml
 * @returns {string[]}
 * @example
 * cronsOf('[triggers]\ncrons = ["*\/5 * * * *"]'); // ['*\/5 * * * *']
 */
export function cronsOf(toml) {
	const section = /^\[triggers\][^\n]*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml);
	const list = section && /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(section[1]);
	if (!list) return [];
	return [...list[1].matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
}
