#!/usr/bin/env node
// The composition root of the headless face: runs the TypeScript CLI from source through tsx (no
// build step), and hands it the sync server, which the core (src/) may not import itself.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const { cliServices } = await import('../scripts/cli-services.ts');
process.exitCode = await runCli(process.argv.slice(2), undefined, cliServices());
