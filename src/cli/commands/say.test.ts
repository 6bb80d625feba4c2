import { describe, expect, it } from 'vitest';
import { runCapturing as run } from '../../../tests/support/cli';
import { useTempDirs } from '../../../tests/support/temp';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../main';

const tempDir = useTempDirs();


describe('tempopilot say', () => {
  it('runs a command end to end, asks across invocations, and prints the Command, Plan, outcome and reply with --json', async () => {
    const common = ['--data-dir', tempDir(), '--tz', 'Europe/Berlin'];
    await run(...common, 'add', 'Design review', '--start', '2026-03-27T14:00', '--end', '2026-03-27T15:00');
    const asked = await run(...common, 'say', 'add a meeting with priya on friday at two pm', '--now', '2026-03-23T08:30');
    expect(asked).toMatchObject({
      code: EXIT_OK,
      stdout: "That overlaps 'Design review' (Fri 14:00–15:00). Free instead: Fri 13:30–14:00 or Fri 15:00–15:30. Book it anyway?",
    });
    const answered = await run(...common, 'say', 'the', 'first', 'one', '--now', '2026-03-23T08:31', '--json');
    const turn = JSON.parse(answered.stdout);
    expect(turn).toMatchObject({
      command: { text: 'the first one' },
      plan: { kind: 'change', action: 'created', mutations: [{ name: 'createEvent' }] },
      outcome: 'applied',
      reply: "Added 'Meeting with Priya' Fri 13:30–14:00",
      spoken: 'Added Meeting with Priya on Friday from 1:30 to 2 p.m.',
      latencyMs: { parse: expect.any(Number), resolve: expect.any(Number), plan: expect.any(Number), apply: expect.any(Number), total: expect.any(Number) },
    });
    const agenda = await run(...common, 'agenda', '--from', '2026-03-27');
    expect(agenda.stdout).toMatch(/13:30–14:00 {2}Meeting with Priya/);
    expect((await run(...common, 'say', 'undo')).stdout).toBe("Undid: Added 'Meeting with Priya' Fri 13:30–14:00");
  });

  it('exits 1 when the assistant could not do it, printing its answer once', async () => {
    const common = ['--data-dir', tempDir(), '--tz', 'Europe/Berlin'];
    expect(await run(...common, 'say', 'cancel the board meeting', '--now', '2026-03-23T08:30')).toEqual({ code: EXIT_FAILURE, stdout: "I couldn't find 'board meeting' in the next 30 days.", stderr: '' });
    expect(JSON.parse((await run(...common, 'say', 'undo', '--json')).stdout)).toMatchObject({ outcome: 'failed', reply: 'There is nothing to undo.' });
    expect((await run(...common, 'say', 'undo')).code).toBe(EXIT_FAILURE);
  });

  it('books over a conflict with --yes', async () => {
    const common = ['--data-dir', tempDir(), '--tz', 'Europe/Berlin'];
    await run(...common, 'add', 'Design review', '--start', '2026-03-27T14:00', '--end', '2026-03-27T15:00');
    const booked = await run(...common, 'say', 'add a meeting with priya on friday at two pm', '--now', '2026-03-23T08:30', '--yes');
    expect(booked.stdout).toBe("Added 'Meeting with Priya' Fri 14:00–14:30");
  });

  it('refuses empty text and a bad --now before touching the cache', async () => {
    const dir = tempDir();
    expect(await run('--data-dir', dir, 'say', ' ')).toMatchObject({ code: EXIT_USAGE, stderr: 'tempopilot: text: the text is empty' });
    expect(await run('--data-dir', dir, 'say', 'what is on', '--now', 'yesterday')).toMatchObject({ code: EXIT_USAGE, stderr: expect.stringContaining('now: expected a date') });
  });
});
