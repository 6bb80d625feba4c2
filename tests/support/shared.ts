import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so tests work from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared` beside the checkout: evaluation data and model files that are never copied in. */
export const sharedRoot = path.resolve(repoRoot, '../shared');

export function sharedDataFile(name: string): string {
  return path.join(sharedRoot, 'data', name);
}

export function sharedModelFile(name: string): string {
  return path.join(sharedRoot, 'models', name);
}

export function hasShared(): boolean {
  return existsSync(sharedRoot);
}
