#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so `npx tempopilot` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
