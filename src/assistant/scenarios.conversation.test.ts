import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_THRESHOLD, IntentSchema, type Command } from '../nlu/command';
import { parseCommand } from '../nlu/parse';
import { Assistant } from './assistant';
import { at, NOW, ZONE } from './testing/seeded-week';
import { useWeek } from './testing/use-week';

/** The seeded week is Monday 23 March 2026, 08:30 in Berlin; clocks go forward on Sunday 29 March. */
const week = useWeek();
const MINUTE = 60_000;

describe('clarifying questions', () => {
  it('asks which event an ambiguous reference means, listing the candidates; "the second one" completes it', async () => {
    const w = week();
    const asked = await w.say('move the design meeting to friday at eleven');
    expect(asked).toMatchObject({
      outcome: 'asked',
      reply: 'Which one: Design sync Tue 10:00 or Design review Fri 14:00?',
      spoken: 'Which one: Design sync tomorrow at 10 a.m. or Design review on Friday at 2 p.m.?',
      pending: { question: 'Which one: Design sync Tue 10:00 or Design review Fri 14:00?', expiresAt: NOW + 3 * MINUTE },
    });
    expect(w.changes()).toEqual({});
    expect(await w.say('the second one')).toMatchObject({ outcome: 'applied', reply: "Moved 'Design review' to Fri 11:00–12:00" });
    expect(w.changes()).toEqual({ changed: { 'design-review': { start: at('2026-03-27T11:00:00'), end: at('2026-03-27T12:00:00') } } });
  });

  it('takes the event named in the reply ("the design review")', async () => {
    const w = week();
    await w.say('move the design meeting to friday at eleven');
    expect((await w.say('the design review')).reply).toBe("Moved 'Design review' to Fri 11:00–12:00");
  });

  it('lists every event with the person when only the person is named', async () => {
    const w = week();
    expect((await w.say('move my meeting with dana to four pm')).reply).toBe('Which one: Standup Mon 09:00, 1:1 with Dana Mon 15:00 or Design sync Tue 10:00?');
    expect((await w.say('the second one')).reply).toBe("Moved '1:1 with Dana' to Mon 16:00–16:30");
    expect(w.changes()).toEqual({ changed: { 'one-on-one': { start: at('2026-03-23T16:00:00'), end: at('2026-03-23T16:30:00') } } });
  });

  it('asks for the time a move lacks, then moves', async () => {
    const w = week();
    expect(await w.say('move the design sync')).toMatchObject({ outcome: 'asked', reply: 'When should I move it to?' });
    expect((await w.say('to thursday at two pm')).reply).toBe("Moved 'Design sync' to Thu 14:00–14:30");
    expect(w.changes()).toEqual({ changed: { 'design-sync': { start: at('2026-03-26T14:00:00'), end: at('2026-03-26T14:30:00') } } });
  });

  it('still checks for a double booking once the missing time is given', async () => {
    const w = week();
    await w.say('move the design sync');
    expect(await w.say('to friday at two pm')).toMatchObject({ outcome: 'asked', reply: expect.stringMatching(/^That overlaps 'Design review' \(Fri 14:00–15:00\)/) });
    expect(w.changes()).toEqual({});
    expect((await w.say('yes')).reply).toBe("Moved 'Design sync' to Fri 14:00–14:30");
  });

  it('confirms a guessed intent before acting on it', async () => {
    const w = week();
    expect(await w.say('four pm')).toMatchObject({ outcome: 'asked', reply: 'Should I add this to your calendar?' });
    expect(w.changes()).toEqual({});
    expect((await w.say('yes')).reply).toBe("Added 'Meeting' Mon 16:00–16:30");
    expect(Object.keys(w.changes().added ?? {})).toEqual(['new-1']);
  });

  it('re-asks on a reply that answers nothing asked', async () => {
    const w = week();
    await w.say('cancel the standup');
    expect(await w.say('yes')).toMatchObject({ outcome: 'asked', reply: "Just 'Standup' on Mon 09:00, or every 'Standup'?" });
    expect(w.changes()).toEqual({});
  });

  it('forgets the question after the conversation time-out', async () => {
    const w = week();
    await w.say('move the design meeting to friday at eleven');
    expect(w.assistant.pendingQuestion(NOW + 3 * MINUTE)).toBeDefined();
    const late = await w.say('the second one', { now: NOW + 3 * MINUTE + 1 });
    expect(late.outcome).toBe('failed');
    expect(w.changes()).toEqual({});
    expect(w.assistant.pendingQuestion(NOW + 3 * MINUTE + 1)).toBeUndefined();
  });

  it('lets a new command replace the question', async () => {
    const w = week();
    await w.say('move the design meeting to friday at eleven');
    expect((await w.say('cancel my dentist appointment')).reply).toBe("Cancelled 'Dentist' (Thu 16:00–17:00)");
    expect((await w.say('the second one')).outcome).toBe('failed');
    expect(w.changes()).toEqual({ removed: ['dentist'] });
  });

  it('picks up a question asked by an earlier host on the same cache', async () => {
    const w = week();
    await w.say('move the design meeting to friday at eleven');
    const later = new Assistant({ store: w.store, zone: ZONE, clock: () => NOW + MINUTE, newId: () => 'unused' });
    expect(later.pendingQuestion()?.question).toBe('Which one: Design sync Tue 10:00 or Design review Fri 14:00?');
    expect((await later.say('the first one')).reply).toBe("Moved 'Design sync' to Fri 11:00–11:30");
  });

  it('says so when nothing matches', async () => {
    const w = week();
    expect(await w.say('cancel the board meeting')).toMatchObject({ outcome: 'failed', reply: "I couldn't find 'board meeting' in the next 30 days." });
    expect(w.changes()).toEqual({});
  });
});

describe('undo', () => {
  it('reverts the last applied plan, and says when there is nothing left', async () => {
    const w = week();
    await w.say('move the design sync to friday at eleven am');
    expect(await w.say('undo that')).toMatchObject({ outcome: 'undone', reply: "Undid: Moved 'Design sync' to Fri 11:00–11:30" });
    expect(w.changes()).toEqual({});
    expect(await w.say('undo')).toMatchObject({ outcome: 'failed', reply: 'There is nothing to undo.' });
  });

  it('reverts a whole-series move exactly, exceptions and excluded dates included', async () => {
    const w = week();
    await w.say('move every standup to nine thirty am');
    expect(w.changes()).not.toEqual({});
    await w.say('undo');
    expect(w.changes()).toEqual({});
  });
});

describe('safety', () => {
  it('applies nothing below the confidence threshold, whatever the command says', async () => {
    const w = week();
    await w.say('move the design sync to friday at eleven am');
    const moved = w.changes();
    const seed = (text: string) => parseCommand(text, { now: new Date(NOW), zone: ZONE });
    const templates = ['cancel the standup on wednesday', 'move the design sync to friday at eleven am', 'add lunch with priya tomorrow at noon', 'block two hours of deep work before friday', 'undo'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templates), fc.double({ min: 0, max: CONFIDENCE_THRESHOLD, maxExcluded: true, noNaN: true }), fc.constantFrom(...IntentSchema.options), async (text, confidence, intent) => {
        const command: Command = { ...seed(text), confidence, intent };
        const turn = await w.assistant.handle(command);
        expect(['asked', 'failed']).toContain(turn.outcome);
        expect(w.changes()).toEqual(moved);
        expect(w.store.pendingMutations(10)).toHaveLength(1);
        w.assistant.dismiss();
      }),
      { numRuns: 60, seed: 6 },
    );
  });

  it('leaves the cache unchanged when the store refuses a plan', async () => {
    const w = week();
    const turn = await w.say('cancel the bank holiday');
    expect(turn).toMatchObject({ outcome: 'failed', reply: `Couldn't cancel 'Bank holiday': the calendar "Holidays" is read-only.`, plan: { kind: 'change' } });
    expect(w.changes()).toEqual({});
    expect(w.store.pendingMutations(10)).toEqual([]);
    expect(await w.say('undo')).toMatchObject({ reply: 'There is nothing to undo.' });
  });
});

describe('the command log', () => {
  it('records transcript, Command, Plan, outcome, reply and the latency of each stage', async () => {
    const w = week();
    await w.say('move the design meeting to friday at eleven');
    const applied = await w.say('the second one');
    await w.say("what's on tomorrow");
    const log = w.store.commandLog(10);
    expect(log.map((entry) => [entry.transcript, entry.outcome, entry.reply])).toEqual([
      ["what's on tomorrow", 'answered', 'Tue: Standup 09:00, Design sync 10:00.'],
      ['the second one', 'applied', "Moved 'Design review' to Fri 11:00–12:00"],
      ['move the design meeting to friday at eleven', 'asked', 'Which one: Design sync Tue 10:00 or Design review Fri 14:00?'],
    ]);
    const [, second, first] = log;
    expect(second).toMatchObject({ at: NOW, changeSetId: applied.changeSetId, command: { intent: 'unknown' }, plan: { kind: 'change', action: 'moved' } });
    expect(first).toMatchObject({ command: { intent: 'move_event' }, plan: { kind: 'ask', pending: { stage: 'which' } } });
    for (const entry of log) {
      const { parse, resolve, plan, apply, total } = entry.latency;
      expect(Math.min(parse, resolve, plan, apply)).toBeGreaterThanOrEqual(0);
      expect(total).toBeGreaterThanOrEqual(parse + resolve + plan + apply - 0.01);
    }
    expect(first!.latency.resolve).toBeGreaterThan(0);
    expect(second!.latency.apply).toBeGreaterThan(0);
  });
});
