#!/usr/bin/env node
// The `vigil` command. TypeScript sources run through tsx so the CLI shares src/lib with the app.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main.ts');
process.exitCode = await main(process.argv.slice(2));
