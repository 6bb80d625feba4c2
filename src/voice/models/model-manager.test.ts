import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedTestModel, startModelServer, type ModelServer } from '../../../tests/doubles/model-server';
import { sharedModelFile } from '../../../tests/support/shared';
import { useTempDirs } from '../../../tests/support/temp';
import type { DownloadProgress } from './download';
import { ModelManager } from './model-manager';

const tempDir = useTempDirs();
const { body, pinned } = pinnedTestModel();

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());

function manager(dataDir = tempDir(), env: NodeJS.ProcessEnv = {}) {
  return new ModelManager({ dataDir, baseUrl: server.url, env, catalog: [pinned] });
}

describe('the model manager', () => {
  it('downloads with progress, checks size and hash, and renames into place', async () => {
    server.files.set(pinned.file, { body });
    const models = manager();
    const progress: DownloadProgress[] = [];
    const status = await models.download('test.en', { onProgress: (p) => progress.push(p) });
    expect(status).toMatchObject({ state: 'installed', active: true });
    expect(readFileSync(status.path)).toEqual(body);
    expect(existsSync(`${status.path}.partial`)).toBe(false);
    expect(progress.at(-1)).toEqual({ receivedBytes: body.length, totalBytes: body.length, resumed: false });
    expect(progress.length).toBeGreaterThan(2);
    expect(await models.verify()).toEqual([{ name: 'test.en', path: status.path, ok: true, detail: 'size and SHA-256 match the pinned values' }]);
  });

  it('keeps a broken-off download as .partial, never at the final path, and resumes it with a Range request', async () => {
    server.files.set(pinned.file, { body, cutAfter: 200_000 });
    const models = manager();
    const target = path.join(models.modelsDir, pinned.file);
    await expect(models.download('test.en')).rejects.toThrow(/stopped early at 200000 of 586836 bytes|broke off at 200000 of 586836 bytes/);
    expect(existsSync(target)).toBe(false);
    expect(statSync(`${target}.partial`).size).toBe(200_000);
    expect(models.list()[0]).toMatchObject({ state: 'partial', partialBytes: 200_000, active: false });

    server.files.set(pinned.file, { body });
    server.ranges.length = 0;
    const progress: DownloadProgress[] = [];
    await models.download('test.en', { onProgress: (p) => progress.push(p) });
    expect(server.ranges).toEqual(['bytes=200000-']);
    expect(progress[0]).toEqual({ receivedBytes: 200_000, totalBytes: body.length, resumed: true });
    expect(readFileSync(target)).toEqual(body);
  });

  it('starts over when the server ignores the Range request', async () => {
    const models = manager();
    const target = path.join(models.modelsDir, pinned.file);
    server.files.set(pinned.file, { body, cutAfter: 100_000 });
    await expect(models.download('test.en')).rejects.toThrow();
    server.files.set(pinned.file, { body, ignoreRange: true });
    await models.download('test.en');
    expect(readFileSync(target)).toEqual(body);
  });

  it('deletes a download whose hash does not match, and never installs it', async () => {
    const corrupted = Buffer.from(body);
    corrupted[300_000] = corrupted[300_000]! ^ 0xff;
    server.files.set(pinned.file, { body: corrupted });
    const models = manager();
    const target = path.join(models.modelsDir, pinned.file);
    await expect(models.download('test.en')).rejects.toThrow(/does not match its pinned SHA-256 .* it was deleted/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.partial`)).toBe(false);
  });

  it('refuses a truncated file served as complete, and a server that sends too much', async () => {
    const models = manager();
    server.files.set(pinned.file, { body: body.subarray(0, 1_000) });
    await expect(models.download('test.en')).rejects.toThrow(/stopped early at 1000 of 586836 bytes/);
    expect(existsSync(path.join(models.modelsDir, pinned.file))).toBe(false);
    server.files.set(pinned.file, { body: Buffer.concat([body, Buffer.from('extra')]) });
    await expect(manager().download('test.en')).rejects.toThrow(/more than the 586836 bytes pinned/);
  });

  it('says what a 404 and an unknown name are', async () => {
    server.files.delete(pinned.file);
    await expect(manager().download('test.en')).rejects.toThrow(/answered 404/);
    await expect(manager().download('huge')).rejects.toThrow(/unknown model "huge"; the pinned models are test.en/);
  });

  it('finds a damaged install in verify, and chooses models by name, by path and from the environment', async () => {
    server.files.set(pinned.file, { body });
    const dataDir = tempDir();
    const models = manager(dataDir);
    expect(() => models.use('test.en')).toThrow(/not downloaded yet: run `tempopilot models download test.en` first/);
    const status = await models.download('test.en');
    expect(models.use('test.en')).toEqual({ path: status.path, source: 'settings', name: 'test.en' });

    const damaged = Buffer.from(body);
    damaged[10_000] = damaged[10_000]! ^ 1;
    writeFileSync(status.path, damaged);
    expect((await models.verify())[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/SHA-256 does not match/) });

    const own = sharedModelFile('for-tests-ggml-base.en.bin');
    expect(models.use(own)).toEqual({ path: own, source: 'settings' });
    expect(manager(dataDir).active()).toEqual({ path: own, source: 'settings' });
    expect((await models.verify()).at(-1)).toMatchObject({ ok: true, detail: expect.stringMatching(/a whisper base.en model, structure intact, no weights/) });
    expect(() => models.use('/nowhere/model.bin')).toThrow(/neither a model name \(test.en\) nor an existing file/);
    const notModel = path.join(dataDir, 'notes.txt');
    writeFileSync(notModel, 'not a model');
    expect(() => models.use(notModel)).toThrow(/not a whisper.cpp model/);

    const fromEnv = manager(dataDir, { TEMPO_WHISPER_MODEL: sharedModelFile('for-tests-ggml-tiny.en.bin') }).active();
    expect(fromEnv).toEqual({ path: sharedModelFile('for-tests-ggml-tiny.en.bin'), source: 'environment' });
  });
});
