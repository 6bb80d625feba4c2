import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Bundles the Electron shell: the main process as ESM (with src/ inlined) and the preload as
 * CommonJS, which a sandboxed preload requires. Native modules and Electron stay external.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const external = ['electron', 'better-sqlite3', 'sqlite-vec', /^node:/];

export async function buildElectron(): Promise<void> {
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
  });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: path.join(root, 'main/index.ts'),
      outDir: path.join(root, 'dist/main'),
      emptyOutDir: false,
      target: 'node20',
      rollupOptions: { external, output: { format: 'es', entryFileNames: 'index.js' } },
    },
  });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: path.join(root, 'main/preload.ts'),
      outDir: path.join(root, 'dist/main'),
      emptyOutDir: false,
      target: 'node20',
      rollupOptions: { external, output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
    },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
}
