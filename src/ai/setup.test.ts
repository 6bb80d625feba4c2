import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiChatDouble, type OpenAiChatDouble } from '../../tests/doubles/openai-chat';
import { useTempDirs } from '../../tests/support/temp';
import { fileKeySecretBox } from '../app/secrets';
import { readAiSettings, writeAiSettings } from './settings';
import { createAiRouter } from './setup';
import { NOW, parserModel, ZONE } from './testing/fixtures';

const tempDir = useTempDirs();
let openai: OpenAiChatDouble;
beforeAll(async () => {
  openai = await startOpenAiChatDouble('sk-from-settings');
});
afterAll(() => openai.close());

describe('the router from settings and the environment', () => {
  it('opens a key sealed in ai.json, which holds no key in clear', async () => {
    const dataDir = tempDir();
    const box = fileKeySecretBox(dataDir);
    writeAiSettings(dataDir, { ...readAiSettings(dataDir), cloud: 'transcripts', openai: { sealedKey: box.seal(openai.apiKey), baseUrl: openai.baseUrl } });
    expect(JSON.stringify(readAiSettings(dataDir))).not.toContain(openai.apiKey);
    openai.model.answerWith(parserModel);
    const router = createAiRouter({ dataDir, secrets: box, env: {} });
    expect(router.allows('command')).toBe(true);
    expect(router.allows('summary')).toBe(false);
    await expect(router.understand({ text: 'cancel the standup', now: NOW, zone: ZONE })).resolves.toMatchObject({ provider: 'openai' });
  });

  it('keeps cloud processing off by default, even with a key in the environment, unless this run names a provider', () => {
    const dataDir = tempDir();
    const env = { OPENAI_API_KEY: 'sk-env', ANTHROPIC_API_KEY: 'sk-ant-env' };
    const secrets = fileKeySecretBox(dataDir);
    expect(createAiRouter({ dataDir, secrets, env }).allows('command')).toBe(false);
    expect(createAiRouter({ dataDir, secrets, env, llm: 'anthropic' }).allows('command')).toBe(true);
    expect(createAiRouter({ dataDir, secrets, env, llm: 'off' }).allows('command')).toBe(false);
    expect(createAiRouter({ dataDir, secrets, env: { ...env, TEMPO_CLOUD: 'full' } }).allows('chat')).toBe(true);
    expect(createAiRouter({ dataDir, secrets, env: {}, llm: 'auto' }).allows('command')).toBe(false);
  });
});
