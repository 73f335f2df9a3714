/**
 * A progress bar on stderr: redrawn in place on a terminal, otherwise one line per tenth of the
 * work so logs stay short.
 *
 * @example
 * const bar = new ProgressBar(ctx.stderr, ctx.interactive, 600);
 * bar.update(300, '15000 records sent');
 * bar.done();
 */
export class ProgressBar {
	private lastTenth = -1;
	private drawn = false;

	constructor(
		private readonly write: (text: string) => void,
		private readonly interactive: boolean,
		private readonly total: number,
		private readonly width = 30
	) {}

	update(done: number, note = ''): void {
		const share = this.total > 0 ? Math.min(1, done / this.total) : 1;
		const filled = Math.round(share * this.width);
		const line = `[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%${note ? ` ${note}` : ''}`;
		if (this.interactive) {
			this.write(`\r${line}\x1b[K`);
			this.drawn = true;
			return;
		}
		const tenth = Math.floor(share * 10);
		if (tenth > this.lastTenth) {
			this.lastTenth = tenth;
			this.write(`${line}\n`);
		}
	}

	/** Ends the in-place line so later output starts on a fresh line. */
	done(): void {
		if (this.interactive && this.drawn) this.write('\n');
		this.drawn = false;
	}
}
