import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared';

/**
 * electron-builder.yml checked with electron-builder's own validation: app-builder-lib's
 * validateConfiguration, the function `electron-builder` runs first, against its scheme.json
 * (JSON Schema draft-07 with additionalProperties: false, so an unknown key fails). It is
 * reached through electron-builder's dependency, as electron-builder itself loads it.
 */
const fromBuilder = createRequire(createRequire(path.join(repoRoot, 'package.json')).resolve('electron-builder/package.json'));
const builderLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
const { validateConfiguration } = builderLib('./out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
const { DebugLogger } = builderLib('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = builderLib('js-yaml') as { load(text: string): unknown };

type Config = Record<string, unknown> & {
  asarUnpack: string[];
  files: string[];
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; extendInfo: Record<string, string> };
  win: { target: string[]; icon: string };
};

const loadConfig = () => yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Config;
const validate = (config: unknown) => validateConfiguration(config, new DebugLogger(false));

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    const schema = JSON.parse(readFileSync(builderLib.resolve('./scheme.json'), 'utf8')) as { $schema: string; additionalProperties: boolean };
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', additionalProperties: false });
    await expect(validate(loadConfig())).resolves.toBeUndefined();
  }, 20_000);

  it('fails on a misspelt key, at the top or inside a platform', async () => {
    const { asarUnpack, ...rest } = loadConfig();
    await expect(validate({ ...rest, asarUnpak: asarUnpack })).rejects.toThrow(/configuration has an unknown property 'asarUnpak'/);
    const config = loadConfig();
    await expect(validate({ ...config, linux: { ...config.linux, categroy: 'Office' } })).rejects.toThrow(/configuration\.linux/);
    await expect(validate({ ...config, nsis: { oneClik: false } })).rejects.toThrow(/configuration\.nsis/);
  }, 20_000);

  it('builds AppImage and deb, dmg and nsis, and unpacks the native modules and the key helpers', () => {
    const config = loadConfig();
    expect(config.appId).toBe('app.tempopilot.desktop');
    expect([config.linux.target, config.mac.target, config.win.target]).toEqual([['AppImage', 'deb'], ['dmg'], ['nsis']]);
    for (const module of ['better-sqlite3', 'sqlite-vec', 'smart-whisper', 'node-global-key-listener/bin']) {
      expect(config.asarUnpack.some((glob) => glob.startsWith(`node_modules/${module}`))).toBe(true);
    }
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/hotkey/);
  });

  it('points at icons that exist, and packs the tray icon the shell loads', () => {
    const config = loadConfig();
    for (const icon of new Set([config.linux.icon, config.mac.icon, config.win.icon])) {
      expect(pngSize(path.join(repoRoot, icon))).toEqual({ width: 512, height: 512 });
    }
    expect(existsSync(path.join(repoRoot, 'resources', 'tray.png'))).toBe(true);
    expect(config.files).toContain('resources/**');
    expect(readFileSync(path.join(repoRoot, 'main', 'index.ts'), 'utf8')).toContain("'resources', 'tray.png'");
  });
});
