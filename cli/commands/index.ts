import type { Command } from '../command.ts';
import { modelsCommands } from './models.ts';

/** Every `vigil` command; each domain module adds its own. */
export const commands: Command[] = [...modelsCommands];
