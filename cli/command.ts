import type { ParseArgsConfig } from 'node:util';

/** Exit codes shared by every command: 0 ok (no drift), 1 drift or a failed gate, 2 error. */
export const EXIT = { ok: 0, drift: 1, error: 2 } as const;

/** An error whose message is printed as the one-line reason of exit code 2. */
export class CliError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CliError';
	}
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
	/** 'human' (default) or 'json' (`--format json`). */
	format: 'human' | 'json';
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** True when stderr is a terminal, so progress bars may redraw in place. */
	interactive: boolean;
}

/**
 * One `vigil` sub-command. `path` is the words that select it (`['profile', 'build']`).
 *
 * @example
 * export const hello: Command = { path: ['hello'], summary: 'Say hello', usage: 'vigil hello',
 *   options: {}, run: async (_values, _positionals, ctx) => (ctx.stdout('hello\n'), EXIT.ok) };
 */
export interface Command {
	path: string[];
	summary: string;
	usage: string;
	/** Longer help: what the options mean, examples. */
	help?: string;
	options: OptionSpec;
	allowPositionals?: boolean;
	run(
		values: Record<string, string | boolean | (string | boolean)[] | undefined>,
		positionals: string[],
		ctx: CommandContext
	): Promise<number>;
}
