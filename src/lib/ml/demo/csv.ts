/**
 * Splits simple delimited text (no quoting: the demo data sets have none) into trimmed fields,
 * dropping blank lines; handles CRLF.
 *
 * @example
 * parseSimpleCsv('a,b\n1,2\n'); // [['a','b'],['1','2']]
 */
export function parseSimpleCsv(text: string, delimiter = ','): string[][] {
	const rows: string[][] = [];
	for (const line of text.split(/\r?\n/)) {
		if (line.trim() === '') continue;
		rows.push(line.split(delimiter).map((f) => f.trim()));
	}
	return rows;
}

/**
 * The canonical CSV of rows (header, then one `\n`-terminated line per row; numbers as JavaScript
 * prints them): its SHA-256 identifies a reference set independently of file formatting.
 *
 * @example
 * canonicalCsv(['x', 'y'], [[1, 'a']]); // 'x,y\n1,a\n'
 */
export function canonicalCsv(header: string[], rows: (string | number)[][]): string {
	const escape = (v: string | number): string => {
		const s = String(v);
		return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
	};
	let out = `${header.map(escape).join(',')}\n`;
	for (const r of rows) out += `${r.map(escape).join(',')}\n`;
	return out;
}
