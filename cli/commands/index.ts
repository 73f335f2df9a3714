import type { Command } from '../command.ts';
import { modelsCommands } from './models.ts';
import { drift } from './drift.ts';
import { profileCommands } from './profile.ts';
import { simulate } from './simulate.ts';
import { monitor } from './monitor.ts';
import { dataBuild } from './data.ts';
import { train } from './train.ts';
import { promote } from './promote.ts';
import { batchCommands } from './batch.ts';

/** Every `vigil` command; each domain module adds its own. */
export const commands: Command[] = [
	...modelsCommands,
	dataBuild,
	drift,
	...profileCommands,
	simulate,
	monitor,
	train,
	promote,
	...batchCommands
];
