import { CliError } from '../command.ts';

/**
 * A string option's value, or undefined; an empty value is an error naming the option.
 *
 * @example
 * stringOption({ model: 'card.json' }, 'model'); // 'card.json'
 */
export function stringOption(values: Record<string, unknown>, name: string): string | undefined {
	const v = values[name];
	if (v === undefined) return undefined;
	if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${name} needs a value`);
	return v;
}

/**
 * A numeric option, or undefined; anything but a finite number is an error naming the option.
 *
 * @example
 * numberOption({ rate: '50' }, 'rate'); // 50
 */
export function numberOption(values: Record<string, unknown>, name: string): number | undefined {
	const v = stringOption(values, name);
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw new CliError(`--${name} must be a number, got '${v}'`);
	return n;
}

/**
 * Every value of a repeatable option.
 *
 * @example
 * strings({ 'fail-on': ['f1<0.8'] }, 'fail-on'); // ['f1<0.8']
 */
export function strings(values: Record<string, unknown>, name: string): string[] {
	const v = values[name];
	if (v === undefined) return [];
	return (Array.isArray(v) ? v : [v]).map(String);
}

/**
 * A comma-separated list option (`--columns a,b`), or undefined.
 *
 * @example
 * list({ columns: 'a, b' }, 'columns'); // ['a', 'b']
 */
export function list(values: Record<string, unknown>, name: string): string[] | undefined {
	const v = stringOption(values, name);
	if (v === undefined) return undefined;
	const items = v
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (items.length === 0) throw new CliError(`--${name} needs at least one name`);
	return items;
}
