import type { Command } from '../command.ts';

/** Every `vigil` command; each domain module adds its own. */
export const commands: Command[] = [];
