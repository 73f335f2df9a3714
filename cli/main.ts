import { parseArgs } from 'node:util';
import { CliError, EXIT, type Command, type CommandContext } from './command.ts';
import { commands } from './commands/index.ts';

const GLOBAL_OPTIONS = {
	help: { type: 'boolean', short: 'h' },
	format: { type: 'string', default: 'human' }
} as const;

function overview(): string {
	const width = Math.max(...commands.map((c) => c.path.join(' ').length));
	const lines = commands.map((c) => `  vigil ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
	return `vigil: browser-first ML monitoring from the command line\n\nCommands:\n${lines.join('\n')}\n\nEvery command takes --help and --format human|json.\n`;
}

function helpOf(command: Command): string {
	const options = Object.entries(command.options)
		.map(
			([name, spec]) =>
				`  --${name}${spec.type === 'string' ? ' VALUE' : ''}${spec.multiple ? ' (repeatable)' : ''}`
		)
		.join('\n');
	return `${command.summary}\n\nUsage: ${command.usage}\n${command.help ? `\n${command.help.trim()}\n` : ''}\nOptions:\n${options}\n  --format human|json\n  --help\n`;
}

/** Finds the command whose path is the longest prefix of argv. */
function resolve(argv: string[]): { command: Command; rest: string[] } | undefined {
	let best: Command | undefined;
	for (const command of commands) {
		const matches = command.path.every((word, i) => argv[i] === word);
		if (matches && (!best || command.path.length > best.path.length)) best = command;
	}
	return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

/**
 * Runs the CLI and returns its exit code (0 ok, 1 drift or failed gate, 2 error).
 *
 * @example
 * process.exitCode = await main(['drift', '--reference', 'ref.parquet', '--current', 'cur.parquet']);
 */
export async function main(
	argv: string[],
	io: Partial<Pick<CommandContext, 'stdout' | 'stderr'>> = {}
): Promise<number> {
	const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
	const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
	const found = resolve(argv);
	if (!found) {
		if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
			stdout(overview());
			return argv.length === 0 ? EXIT.error : EXIT.ok;
		}
		stderr(`vigil: unknown command '${argv.join(' ')}'. Run 'vigil --help' for the list.\n`);
		return EXIT.error;
	}
	const { command, rest } = found;
	let parsed;
	try {
		parsed = parseArgs({
			args: rest,
			options: { ...command.options, ...GLOBAL_OPTIONS },
			allowPositionals: command.allowPositionals ?? false,
			strict: true
		});
	} catch (err) {
		stderr(`vigil ${command.path.join(' ')}: ${(err as Error).message}\n`);
		return EXIT.error;
	}
	if (parsed.values.help) {
		stdout(helpOf(command));
		return EXIT.ok;
	}
	const format = parsed.values.format;
	if (format !== 'human' && format !== 'json') {
		stderr(
			`vigil ${command.path.join(' ')}: --format must be 'human' or 'json', got '${String(format)}'\n`
		);
		return EXIT.error;
	}
	const ctx: CommandContext = {
		format,
		stdout,
		stderr,
		interactive: Boolean(process.stderr.isTTY)
	};
	try {
		return await command.run(parsed.values, parsed.positionals, ctx);
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		if (format === 'json') stdout(`${JSON.stringify({ error: message })}\n`);
		stderr(
			`vigil ${command.path.join(' ')}: ${err instanceof CliError ? message : `unexpected error: ${message}`}\n`
		);
		return EXIT.error;
	}
}
