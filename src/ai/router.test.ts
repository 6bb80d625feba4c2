import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicDouble, type AnthropicDouble } from '../../tests/doubles/anthropic-messages';
import { startOpenAiChatDouble, type OpenAiChatDouble } from '../../tests/doubles/openai-chat';
import type { ModelReply } from '../../tests/doubles/scripted-model';
import { CommandSchema, type Command } from '../nlu/command';
import { ManualClock } from './clock';
import { AiError } from './errors';
import { NOW, parserModel, routerFor, transcriptOf, ZONE } from './testing/fixtures';

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
});

const MOVE = 'move my 3pm with dana to thursday morning';
const understand = (router: ReturnType<typeof routerFor>['router'], text = MOVE) => router.understand({ text, now: NOW, zone: ZONE, names: ['dana'] });

describe('a structured Command from each provider, behind the real SDKs', () => {
  it('OpenAI: response_format json_schema, the Command validated and in the user\'s words', async () => {
    openai.model.answerWith((request) => {
      const said = transcriptOf(request);
      const at = said.indexOf('[PERSON_1]');
      const base = (parserModel(request) as { json: Command }).json;
      const attendee = { type: 'attendee', start: at, end: at + 10, text: '[PERSON_1]', value: { kind: 'attendee', attendee: 'person', name: '[PERSON_1]' }, role: 'reference' };
      return { json: { ...base, slots: [...base.slots, attendee] } };
    });
    const { router, calls } = routerFor({ openai });
    const routed = await understand(router);
    expect(routed).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', fallbackFrom: [] });
    expect(CommandSchema.parse(routed.value)).toMatchObject({ text: MOVE, intent: 'move_event', confidence: 0.93 });
    const attendee = routed.value.slots.find((slot) => slot.type === 'attendee')!;
    expect(MOVE.slice(attendee.start, attendee.end)).toBe('dana');
    expect(attendee).toMatchObject({ text: 'dana', value: { name: 'dana' } });
    const sent = openai.model.requests[0]!.json as { response_format: { type: string; json_schema: { name: string; schema: { type: string } } } };
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'calendar_command', schema: { type: 'object' } } });
    expect(openai.model.requests[0]!.body).not.toMatch(/dana/i);
    expect(transcriptOf(openai.model.requests[0]!)).toBe('move my 3pm with [PERSON_1] to thursday morning');
    expect(calls).toEqual([expect.objectContaining({ provider: 'openai', purpose: 'command', outcome: 'ok', redactions: 1, fallback: false, inputTokens: expect.any(Number), outputTokens: expect.any(Number) })]);
    expect(calls[0]!.inputTokens).toBeGreaterThan(0);
  });

  it('OpenAI: a forced function call, read from tool_calls', async () => {
    const { router } = routerFor({ openai }, { openAiMode: 'tools' });
    const routed = await understand(router);
    expect(routed.value.intent).toBe('move_event');
    const sent = openai.model.requests[0]!.json as { tools: { type: string; function: { name: string } }[]; tool_choice: unknown };
    expect(sent.tools[0]).toMatchObject({ type: 'function', function: { name: 'calendar_command' } });
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'calendar_command' } });
  });

  it('Anthropic: tool use with input_schema, forced by tool_choice', async () => {
    const { router } = routerFor({ anthropic });
    const routed = await understand(router);
    expect(routed).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(routed.value).toMatchObject({ text: MOVE, intent: 'move_event' });
    const request = anthropic.model.requests[0]!;
    expect(request.headers.authorization ?? request.headers['x-api-key']).toContain(anthropic.apiKey);
    expect(request.headers['anthropic-version']).toBeTruthy();
    expect(request.json).toMatchObject({ tools: [{ name: 'calendar_command', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'calendar_command' } });
  });
});

describe('fallback to the other provider', () => {
  const kinds: [string, ModelReply | 'slow', string][] = [
    ['429 with retry-after', { status: 429, retryAfterSeconds: 20 }, 'rate-limited'],
    ['500', { status: 500 }, 'server-error'],
    ['503', { status: 503 }, 'server-error'],
    ['401', { status: 401 }, 'unauthorized'],
    ['a slow answer', 'slow', 'timeout'],
  ];
  it.each(kinds)('from OpenAI to Anthropic on %s', async (_, reply, outcome) => {
    if (reply === 'slow') openai.model.delayMs = 1_500;
    else openai.model.reply(reply);
    const { router, calls } = routerFor({ openai, anthropic }, { callTimeoutMs: 300, clock: new ManualClock() });
    const routed = await understand(router);
    expect(routed).toMatchObject({ provider: 'anthropic', fallbackFrom: ['openai'] });
    expect(calls.map((c) => [c.provider, c.outcome, c.fallback])).toEqual([
      ['openai', outcome, false],
      ['anthropic', 'ok', true],
    ]);
  });

  it('from Anthropic to OpenAI on 529 overloaded_error', async () => {
    anthropic.model.reply({ status: 529 });
    const { router, calls } = routerFor({ openai, anthropic }, { choice: 'anthropic' });
    const routed = await understand(router);
    expect(routed).toMatchObject({ provider: 'openai', fallbackFrom: ['anthropic'] });
    expect(calls[0]).toMatchObject({ provider: 'anthropic', outcome: 'overloaded' });
  });

  it('rejects invalid output, retries once with the validation error, then falls back', async () => {
    openai.model.reply({ json: { intent: 'move_event' } }, { malformed: '{"intent": "move_event", "slots": [' });
    const { router, calls } = routerFor({ openai, anthropic });
    const routed = await understand(router);
    expect(routed.provider).toBe('anthropic');
    expect(openai.model.requests).toHaveLength(2);
    const correction = openai.model.requests[1]!.lastUser;
    expect(correction).toMatch(/^That answer was refused: .*confidence/);
    expect(calls.map((c) => [c.provider, c.outcome])).toEqual([
      ['openai', 'invalid-output'],
      ['openai', 'invalid-output'],
      ['anthropic', 'ok'],
    ]);
  });

  it('accepts a corrected answer on the second try', async () => {
    anthropic.model.reply({ malformed: 'Sure! I moved the meeting.' });
    const { router } = routerFor({ anthropic });
    const routed = await understand(router);
    expect(routed.value.intent).toBe('move_event');
    expect(anthropic.model.requests[1]!.lastUser).toMatch(/not valid JSON/);
  });

  it('refuses a span whose words are not in the transcript, and says so to the model', async () => {
    openai.model.reply({ json: { ...(parserModel(openai.model.requests[0] ?? ({ body: '' } as never)) as { json: object }).json, text: MOVE, intent: 'move_event', slots: [{ type: 'event_title', start: 0, end: 5, text: 'board meeting' }] } });
    const { router } = routerFor({ openai });
    const routed = await understand(router);
    expect(openai.model.requests[1]!.lastUser).toMatch(/"board meeting" does not occur in the transcript/);
    expect(routed.value.slots.every((slot) => MOVE.slice(slot.start, slot.end) === slot.text)).toBe(true);
  });

  it('without another provider, waits as retry-after says (with jitter) and tries again', async () => {
    openai.model.reply({ status: 429, retryAfterSeconds: 2 }, { status: 500 });
    const clock = new ManualClock();
    const { router, calls } = routerFor({ openai }, { clock });
    const routed = await understand(router);
    expect(routed.provider).toBe('openai');
    expect(clock.sleeps[0]).toBe(2_000);
    expect(clock.sleeps[1]).toBeGreaterThan(0);
    expect(clock.sleeps[1]).toBeLessThan(2_000);
    expect(calls.map((c) => c.outcome)).toEqual(['rate-limited', 'server-error', 'ok']);
  });

  it('gives up when retry-after is longer than the latency budget', async () => {
    openai.model.reply({ status: 429, retryAfterSeconds: 60 });
    const { router } = routerFor({ openai });
    await expect(understand(router)).rejects.toMatchObject({ kind: 'rate-limited' });
    expect(openai.model.requests).toHaveLength(1);
  });
});

describe('the circuit breaker', () => {
  it('opens after repeated failures, skips the provider, half-opens after the cool-down and closes on success', async () => {
    const clock = new ManualClock();
    const { router } = routerFor({ openai, anthropic }, { clock, breaker: { failureThreshold: 2, cooldownMs: 10_000 } });
    openai.model.reply({ status: 500 }, { status: 500 });
    await understand(router);
    expect(router.breakerState('openai')).toBe('closed');
    await understand(router);
    expect(router.breakerState('openai')).toBe('open');

    const before = openai.model.requests.length;
    expect((await understand(router)).provider).toBe('anthropic');
    expect(openai.model.requests).toHaveLength(before);

    clock.advance(10_000);
    expect(router.breakerState('openai')).toBe('half-open');
    expect((await understand(router)).provider).toBe('openai');
    expect(router.breakerState('openai')).toBe('closed');
  });

  it('re-opens when the trial call fails', async () => {
    const clock = new ManualClock();
    const { router } = routerFor({ openai, anthropic }, { clock, breaker: { failureThreshold: 1, cooldownMs: 5_000 } });
    openai.model.reply({ status: 500 }, { status: 503 });
    await understand(router);
    clock.advance(5_000);
    await understand(router);
    expect(router.breakerState('openai')).toBe('open');
  });
});

describe('streaming chat answers', () => {
  const facts = ['Thu 10:00-10:30 Design sync with Dana (dana@example.com)'];
  const collect = async (iterable: AsyncIterable<string>) => {
    const pieces: string[] = [];
    for await (const piece of iterable) pieces.push(piece);
    return pieces;
  };

  it.each(['openai', 'anthropic'] as const)('arrive in pieces from %s, placeholders restored even when cut in two', async (name) => {
    const double = name === 'openai' ? openai : anthropic;
    double.model.answerWith(() => ({ text: '', pieces: ['Your design sync with [PER', 'SON_1] is on ', 'Thursday at 10:00; write to [EMAIL_1].'] }));
    const { router, calls } = routerFor(name === 'openai' ? { openai } : { anthropic });
    const pieces = await collect(router.chat({ question: 'when do I meet Dana?', facts, names: ['Dana'] }));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Your design sync with Dana is on Thursday at 10:00; write to dana@example.com.');
    expect(double.model.requests[0]!.stream).toBe(true);
    expect(double.model.requests[0]!.body).not.toMatch(/dana/i);
    expect(calls[0]).toMatchObject({ provider: name, purpose: 'chat', outcome: 'ok', redactions: 3 });
    expect(calls[0]!.outputTokens).toBeGreaterThan(0);
  });

  it('falls back before the first piece, never after it', async () => {
    openai.model.reply({ status: 429, retryAfterSeconds: 1 });
    anthropic.model.answerWith(() => ({ text: '', pieces: ['Thursday ', 'at ten.'] }));
    const { router } = routerFor({ openai, anthropic });
    expect((await collect(router.chat({ question: 'when?', facts }))).join('')).toBe('Thursday at ten.');

    anthropic.model.reply({ text: '', pieces: ['Thursday ', 'at', ' ten.'], failAfter: 2 });
    const { router: second } = routerFor({ openai, anthropic }, { choice: 'anthropic' });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const piece of second.chat({ question: 'when?', facts })) seen.push(piece);
      })(),
    ).rejects.toMatchObject({ kind: 'overloaded' });
    expect(seen.join('')).toBe('Thursday at');
  });
});

describe('settings that keep requests local', () => {
  it('cloud off: nothing reaches either API', async () => {
    openai.model.forbidden = true;
    anthropic.model.forbidden = true;
    const { router } = routerFor({ openai, anthropic }, { cloud: 'off' });
    await expect(understand(router)).rejects.toMatchObject({ kind: 'cloud-off' });
    await expect(router.summarize({ title: 'Sync', notes: 'Dana will send the deck.' })).rejects.toMatchObject({ kind: 'cloud-off' });
    await expect(router.chat({ question: 'when?', facts: [] }).next()).rejects.toBeInstanceOf(AiError);
    expect(router.allows('command')).toBe(false);
    expect([...openai.model.violations, ...anthropic.model.violations]).toEqual([]);
  });

  it('transcripts only: a command may go, calendar notes may not', async () => {
    const { router } = routerFor({ openai }, { cloud: 'transcripts' });
    await expect(understand(router)).resolves.toMatchObject({ provider: 'openai' });
    await expect(router.summarize({ title: 'Sync', notes: 'Dana will send the deck.' })).rejects.toMatchObject({ kind: 'not-allowed' });
    expect(openai.model.requests).toHaveLength(1);
  });

  it('summaries and action items come back with names restored', async () => {
    openai.model.answerWith(() => ({ json: { summary: '[PERSON_1] presented the plan.', actionItems: [{ text: 'Send the deck to [EMAIL_1]', owner: '[PERSON_1]', due: 'friday' }] } }));
    const { router } = routerFor({ openai });
    const routed = await router.summarize({ title: 'Planning', notes: 'Priya showed the plan. Priya sends the deck to team@example.com by friday.', names: ['Priya'] });
    expect(routed.value).toEqual({ summary: 'Priya presented the plan.', actionItems: [{ text: 'Send the deck to team@example.com', owner: 'Priya', due: 'friday' }] });
    expect(openai.model.requests[0]!.body).not.toMatch(/priya|team@example/i);
  });
});
