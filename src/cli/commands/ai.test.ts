import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAnthropicDouble, type AnthropicDouble } from '../../../tests/doubles/anthropic-messages';
import { startOpenAiChatDouble, type OpenAiChatDouble } from '../../../tests/doubles/openai-chat';
import { runCapturing as run } from '../../../tests/support/cli';
import { useTempDirs } from '../../../tests/support/temp';
import { CalendarStore } from '../../store';
import { cacheFile } from '../../app/paths';
import { parserModel } from '../../ai/testing/fixtures';
import { EXIT_OK } from '../main';

const tempDir = useTempDirs();
let openai: OpenAiChatDouble;
let anthropic: AnthropicDouble;
beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startOpenAiChatDouble(), startAnthropicDouble()]);
});
afterAll(() => Promise.all([openai.close(), anthropic.close()]));
beforeEach(() => {
  openai.model.reset();
  anthropic.model.reset();
  openai.model.answerWith(parserModel);
  anthropic.model.answerWith(parserModel);
  vi.stubEnv('OPENAI_API_KEY', openai.apiKey);
  vi.stubEnv('OPENAI_BASE_URL', openai.baseUrl);
  vi.stubEnv('ANTHROPIC_API_KEY', anthropic.apiKey);
  vi.stubEnv('ANTHROPIC_BASE_URL', anthropic.baseUrl);
  vi.stubEnv('TEMPO_CLOUD', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const UNSURE = 'could you sort out the thing with dana';
const SURE = 'add lunch with priya tomorrow at noon';

describe('the assistant and the cloud models', () => {
  it('asks a cloud model only below the confidence threshold, and the command log says which engine understood', async () => {
    const common = ['--data-dir', tempDir(), '--tz', 'Europe/Berlin', '--now', '2026-03-04T10:00'];
    const sure = JSON.parse((await run('say', SURE, ...common, '--llm', 'anthropic', '--json')).stdout);
    expect(sure).toMatchObject({ engine: 'local', outcome: 'applied' });
    expect(anthropic.model.requests).toHaveLength(0);

    const unsure = JSON.parse((await run('say', UNSURE, ...common, '--llm', 'anthropic', '--json')).stdout);
    expect(unsure.engine).toBe('anthropic');
    expect(anthropic.model.requests).toHaveLength(1);
    expect(anthropic.model.requests[0]!.body).not.toMatch(/dana/i);

    const dataDir = common[1]!;
    const store = CalendarStore.open({ file: cacheFile(dataDir), readOnly: true });
    try {
      expect(store.commandLog(2).map((entry) => [entry.transcript, entry.engine])).toEqual([
        [UNSURE, 'anthropic'],
        [SURE, 'local'],
      ]);
      expect(store.aiCalls()).toEqual([expect.objectContaining({ provider: 'anthropic', purpose: 'command', outcome: 'ok', redactions: 1 })]);
    } finally {
      store.close();
    }
  });

  it('sends nothing with --llm off, nor when cloud processing is off in settings', async () => {
    openai.model.forbidden = true;
    anthropic.model.forbidden = true;
    const dataDir = tempDir();
    const off = JSON.parse((await run('say', UNSURE, '--data-dir', dataDir, '--llm', 'off', '--json')).stdout);
    expect(off.engine).toBe('local');
    writeFileSync(path.join(dataDir, 'ai.json'), JSON.stringify({ cloud: 'off' }));
    const fromSettings = JSON.parse((await run('say', UNSURE, '--data-dir', dataDir, '--json')).stdout);
    expect(fromSettings.engine).toBe('local');
    expect([...openai.model.violations, ...anthropic.model.violations]).toEqual([]);
  });

  it('falls back from one provider to the other and shows it in `ai stats`', async () => {
    openai.model.reply({ status: 500 });
    const dataDir = tempDir();
    const turn = JSON.parse((await run('say', UNSURE, '--data-dir', dataDir, '--llm', 'openai', '--json')).stdout);
    expect(turn.engine).toBe('anthropic');
    const stats = await run('ai', 'stats', '--data-dir', dataDir, '--json');
    expect(stats.code).toBe(EXIT_OK);
    expect(JSON.parse(stats.stdout).providers).toEqual([
      expect.objectContaining({ provider: 'anthropic', calls: 1, failures: 0, fallbacks: 1, estimatedCostUsd: expect.any(Number) }),
      expect.objectContaining({ provider: 'openai', calls: 1, failures: 1, fallbacks: 0 }),
    ]);
    const table = await run('ai', 'stats', '--data-dir', dataDir);
    expect(table.stdout).toMatch(/^provider +calls +failed/);
    expect(table.stdout).not.toContain(openai.apiKey);
  });
});

describe('tempopilot eval nlu --llm', () => {
  it('scores a cloud model, or any OpenAI-compatible server, with the SLURP evaluation', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'records.jsonl');
    const sentence = 'move my meeting with dana to friday';
    writeFileSync(file, `${JSON.stringify({ slurp_id: 1, sentence, intent: 'calendar_set', slots: [{ type: 'person', start: 23, end: 27 }] })}\n`);
    vi.stubEnv('OPENAI_BASE_URL', '');
    const result = await run('eval', 'nlu', '--file', file, '--out', path.join(dir, 'out.jsonl'), '--llm', 'openai', '--base-url', openai.baseUrl, '--model', 'local-model', '--json');
    expect(result.code).toBe(EXIT_OK);
    const summary = JSON.parse(result.stdout.split('\n').at(-1)!);
    expect(summary).toMatchObject({ engine: `openai:local-model@${openai.baseUrl}`, records: 1, failures: 0, intentAccuracy: 1 });
    expect(summary.cloud.providers[0]).toMatchObject({ provider: 'openai', calls: 1, models: ['local-model'] });
    expect(openai.model.requests[0]!.json.model).toBe('local-model');
    expect(openai.model.requests[0]!.headers.authorization).toBe(`Bearer ${openai.apiKey}`);
  });
});
