import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Bundles the Electron shell: the main process as ESM (with src/ inlined) and the preload as
 * CommonJS, which a sandboxed preload requires. Native modules and Electron stay external.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// node-global-key-listener finds its helper programs next to its own files, so it is not inlined.
const external = ['electron', 'better-sqlite3', 'sqlite-vec', 'smart-whisper', 'node-global-key-listener', /^node:/];

/** One Node entry bundled with src/ inlined, in the module format its loader needs. */
function buildNodeEntry(entry: string, format: 'es' | 'cjs', fileName: string) {
  return build({
    configFile: false,
    root,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: path.join(root, entry),
      outDir: path.join(root, 'dist/main'),
      emptyOutDir: false,
      target: 'node20',
      rollupOptions: { external, output: { format, entryFileNames: fileName } },
    },
  });
}

export async function buildElectron(): Promise<void> {
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  await buildNodeEntry('main/index.ts', 'es', 'index.js');
  await buildNodeEntry('main/preload.ts', 'cjs', 'preload.cjs');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
}
