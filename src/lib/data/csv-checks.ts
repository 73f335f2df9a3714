import { DataError } from './errors';

/**
 * Decodes bytes as UTF-8, refusing anything else (a Latin-1 export would otherwise load with
 * mangled categories). The error names the byte offset of the first invalid sequence.
 *
 * @example
 * decodeUtf8('hour.csv', bytes);
 */
export function decodeUtf8(name: string, bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		const at = firstInvalidUtf8(bytes);
		throw new DataError(
			'not_utf8',
			`'${name}' is not UTF-8 text: the byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at} is not valid UTF-8. Save the file as UTF-8 and load it again.`,
			{ offset: at }
		);
	}
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
	let i = 0;
	while (i < b.length) {
		const c = b[i];
		let n: number;
		if (c < 0x80) n = 0;
		else if (c >= 0xc2 && c <= 0xdf) n = 1;
		else if (c >= 0xe0 && c <= 0xef) n = 2;
		else if (c >= 0xf0 && c <= 0xf4) n = 3;
		else return i;
		for (let k = 1; k <= n; k++) {
			if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
		}
		i += n + 1;
	}
	return Math.max(0, b.length - 1);
}

/**
 * Checks that every record of a CSV text has as many fields as the first, so a ragged file is
 * refused with the line at fault instead of being padded or skipped by the reader. Returns the
 * fields of the first record (the header, when the file has one).
 *
 * @example
 * checkCsvShape('hour.csv', text, ','); // ['instant', 'dteday', …]
 */
export function checkCsvShape(
	name: string,
	text: string,
	delimiter: string,
	quote = '"'
): string[] {
	let expected = -1;
	let fields = 1;
	let line = 1;
	let recordLine = 1;
	let inQuotes = false;
	let field = '';
	const first: string[] = [];
	const endRecord = (empty: boolean) => {
		if (empty) return;
		if (expected < 0) {
			expected = fields;
			first.push(field);
		} else if (fields !== expected) {
			throw new DataError(
				'ragged_csv',
				`'${name}' has ragged rows: line ${recordLine} has ${fields} fields, but the first line has ${expected}.`,
				{ line: recordLine, fields, expected }
			);
		}
	};
	let lineEmpty = true;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inQuotes) {
			if (c === quote) {
				if (text[i + 1] === quote) {
					if (expected < 0) field += c;
					i++;
				} else inQuotes = false;
			} else {
				if (c === '\n') line++;
				if (expected < 0) field += c;
			}
			continue;
		}
		if (c === quote) {
			inQuotes = true;
			lineEmpty = false;
		} else if (c === delimiter) {
			if (expected < 0) first.push(field);
			field = '';
			fields++;
			lineEmpty = false;
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endRecord(lineEmpty);
			line++;
			recordLine = line;
			fields = 1;
			field = '';
			lineEmpty = true;
		} else {
			if (expected < 0) field += c;
			lineEmpty = false;
		}
	}
	if (inQuotes) {
		throw new DataError(
			'invalid_csv',
			`'${name}' has a quoted field that is never closed (from line ${recordLine}).`
		);
	}
	endRecord(lineEmpty);
	if (expected < 0) throw new DataError('empty_file', `'${name}' has no rows.`);
	return first;
}

/**
 * The delimiter of a CSV text, from its first line: the candidate seen most often outside quotes
 * (',' when none is). DuckDB's sniffer is asked only about the header, with this delimiter,
 * because on a ragged file it settles on a delimiter that makes every line one field.
 *
 * @example
 * guessDelimiter('a;b;c\n1;2;3\n'); // ';'
 */
export function guessDelimiter(text: string): string {
	const counts = new Map<string, number>([
		[',', 0],
		[';', 0],
		['\t', 0],
		['|', 0]
	]);
	let inQuotes = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') inQuotes = !inQuotes;
		else if (!inQuotes && (c === '\n' || c === '\r')) break;
		else if (!inQuotes && counts.has(c)) counts.set(c, counts.get(c)! + 1);
	}
	let best = ',';
	for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
	return best;
}
