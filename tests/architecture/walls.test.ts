import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared';
import { useTempDirs } from '../support/temp';

const rules = createRequire(import.meta.url)(path.join(repoRoot, '.dependency-cruiser.cjs')) as IConfiguration;
const tempDir = useTempDirs();

async function violations(baseDir: string, roots: string[]) {
  const result = await cruise(roots, { ...rules.options, ruleSet: { forbidden: rules.forbidden }, baseDir, validate: true, tsConfig: undefined });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

/** Where a source file may live: each place has its rules above, and nothing lives elsewhere. */
const KNOWN_PLACES = /^(src\/(domain|nlu|voice|ai|store|sync|assistant|api|app|cli)\/|main\/|renderer\/|sync-server\/|scripts\/|bench\/|tests\/|bin\/|[^/]+\.config\.ts$)/;

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    const relative = prefix + entry.name;
    if (entry.isDirectory()) return sourceFiles(path.join(dir, entry.name), `${relative}/`);
    return /\.(ts|tsx)$/.test(entry.name) ? [relative] : [];
  });
}

describe('the walls of DESIGN.md', () => {
  it('hold in this repository', async () => {
    expect(await violations(repoRoot, ['src', 'main', 'renderer', 'sync-server'])).toEqual([]);
  }, 60_000);

  it('put every source file in a known place', () => {
    expect(sourceFiles(repoRoot).filter((file) => !KNOWN_PLACES.test(file))).toEqual([]);
  });

  it('catch a core module that reaches into the shell, and a renderer that reaches into the store', async () => {
    const dir = tempDir();
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('main/tray.ts', 'export const tray = 1;\n');
    write('src/store/cache.ts', 'export const cache = 2;\n');
    write('src/domain/event.ts', 'export const kind = 3;\n');
    write('src/app/host.ts', "import { tray } from '../../main/tray';\nexport const host = tray;\n");
    write('renderer/App.ts', "import { cache } from '../src/store/cache';\nimport { kind } from '../src/domain/event';\nexport const app = cache + kind;\n");
    write('sync-server/index.ts', "import { host } from '../src/app/host';\nexport const server = host;\n");
    expect((await violations(dir, ['src', 'main', 'renderer', 'sync-server'])).sort()).toEqual([
      'core-stays-out-of-the-faces: src/app/host.ts -> main/tray.ts',
      'renderer-talks-through-the-api: renderer/App.ts -> src/store/cache.ts',
      'renderer-uses-domain-types-only: renderer/App.ts -> src/domain/event.ts',
      'server-uses-domain-and-sync-only: sync-server/index.ts -> src/app/host.ts',
    ]);
  }, 60_000);
});
