import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../api/client';
import type { HostEvent, HostEvents } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { ModelManager } from '../../voice/models/model-manager';
import { SttRouter } from '../../voice/stt/router';
import { pinnedTestModel, startModelServer, type ModelServer } from '../../../tests/doubles/model-server';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { sharedModelFile } from '../../../tests/support/shared';
import { useTempDirs } from '../../../tests/support/temp';
import { createHost, inProcessTransport, type Host } from '../host';
import { modelHandlers } from './models';

const tempDir = useTempDirs();
const { body, pinned } = pinnedTestModel();

let server: ModelServer;
const hosts: Host[] = [];
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
afterEach(() => {
  for (const host of hosts.splice(0)) host.close();
});

function openHost(dataDir = tempDir()): Host {
  const host = createHost({ dataDir, timeZone: 'UTC', env: { TEMPO_MODELS_BASE_URL: server.url } });
  hosts.push(host);
  return host;
}

describe('speech models through the api contract', () => {
  it('lists the pinned models, and refuses an unknown name and a file that is not the pinned one, keeping nothing', async () => {
    const dataDir = tempDir();
    const api = createClient(inProcessTransport(openHost(dataDir)));
    const listed = await api.send('models.list', {});
    expect(listed.active).toBeNull();
    expect(listed.models.map((m) => [m.name, m.state])).toContainEqual(['tiny.en', 'missing']);

    await expect(api.send('models.download', { name: 'huge.xx' })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('unknown model "huge.xx"') });
    // Served bytes that are not tiny.en (the test model is 0.6 MB, tiny.en 75 MB).
    server.files.set('ggml-tiny.en.bin', { body });
    await expect(api.send('models.download', { name: 'tiny.en' })).rejects.toMatchObject({ code: 'unavailable' });
    expect((await api.send('models.list', {})).models.find((m) => m.name === 'tiny.en')?.state).not.toBe('installed');
    expect(readdirSync(listed.modelsDir).filter((f) => f.endsWith('.bin'))).toEqual([]);
  });

  it('downloads with progress events, joins a second request for the same model, and tells the voice engines', async () => {
    const host = openHost();
    const events: HostEvents['models.progress'][] = [];
    host.onEvent((event: HostEvent) => {
      if (event.name === 'models.progress') events.push(event.payload as HostEvents['models.progress']);
    });
    let reloads = 0;
    const manager = new ModelManager({ dataDir: host.context.dataDir, baseUrl: server.url, env: {}, catalog: [pinned] });
    const models = modelHandlers(host.context, manager, async () => {
      reloads += 1;
    });
    server.files.set(pinned.file, { body });
    server.ranges.length = 0;

    const [first, second] = await Promise.all([models['models.download']({ name: 'test.en' }), models['models.download']({ name: 'test.en' })]);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ name: 'test.en', state: 'installed', active: true });
    expect(server.ranges).toHaveLength(1);
    expect(events.at(-1)).toEqual({ name: 'test.en', receivedBytes: body.length, totalBytes: body.length, resumed: false });
    expect(events.every((e, i) => i === 0 || e.receivedBytes >= events[i - 1]!.receivedBytes)).toBe(true);
    expect(reloads).toBe(1);
    expect(existsSync(path.join(manager.modelsDir, pinned.file))).toBe(true);

    expect((await models['models.verify']({})).results).toEqual([expect.objectContaining({ name: 'test.en', ok: true })]);
    const chosen = await models['models.use']({ model: sharedModelFile('for-tests-ggml-base.en.bin') });
    expect(chosen).toEqual({ path: sharedModelFile('for-tests-ggml-base.en.bin'), source: 'settings' });
    expect(reloads).toBe(2);
    expect((await models['models.list']({})).active?.path).toBe(chosen.path);
  });

  it('says what to do when the chosen model is not downloaded or the file does not exist', async () => {
    const host = openHost();
    const manager = new ModelManager({ dataDir: host.context.dataDir, baseUrl: server.url, env: {}, catalog: [pinned] });
    const models = modelHandlers(host.context, manager, async () => undefined);
    const refusal = (work: () => Promise<unknown>) => work().then(() => undefined, (error: unknown) => error);
    const notDownloaded = await refusal(async () => models['models.use']({ model: 'test.en' }));
    expect(notDownloaded).toBeInstanceOf(ApiError);
    expect(notDownloaded).toMatchObject({ code: 'unavailable', message: expect.stringContaining('not downloaded yet') });
    expect(await refusal(async () => models['models.use']({ model: '/nowhere/model.bin' }))).toMatchObject({ message: expect.stringContaining('neither a model name') });
  });

  it('makes the speech engines again when another model is chosen, so the next key-down uses it', async () => {
    let made = 0;
    const closed: number[] = [];
    const host = createHost({
      dataDir: tempDir(),
      timeZone: 'UTC',
      speechEngines: () => {
        const generation = (made += 1);
        return { router: new SttRouter({ local: new ScriptedSttEngine({ text: 'hello' }), allowCloud: false }), label: `engine ${generation}`, unavailable: generation === 1 ? 'no model yet' : undefined, speculate: false, close: async () => void closed.push(generation) };
      },
    });
    hosts.push(host);
    const states: string[] = [];
    host.onEvent((event: HostEvent) => {
      if (event.name === 'voice.state') states.push(JSON.stringify(event.payload));
    });
    const api = createClient(inProcessTransport(host));
    expect(await api.send('voice.status', {})).toEqual({ state: 'unavailable', reason: 'no model yet' });
    await api.send('models.use', { model: sharedModelFile('for-tests-ggml-tiny.en.bin') });
    expect(made).toBe(2);
    expect(closed).toEqual([1]);
    expect(states).toContain(JSON.stringify({ state: 'loading', engine: 'engine 2' }));
    await expect.poll(() => api.send('voice.status', {})).toEqual({ state: 'ready', engine: 'engine 2' });
  });
});
