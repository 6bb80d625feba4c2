import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataFile } from '../../tests/support/shared';
import { CommandSchema } from './command';
import { parseCommand } from './parse';

const file = sharedDataFile('sgd-calendar.dev.jsonl');
const present = existsSync(file);
if (!present) console.warn(`SKIPPED: the typed-text checks need ${file} (../shared/data), which is absent`);

interface SgdTurn {
  text: string;
  slots: { slot: string; start: number; end: number }[];
}

/** Typed, cased, punctuated requests from a calendar dialogue (Schema-Guided Dialogue). */
describe.skipIf(!present)('typed text (SGD calendar turns)', () => {
  const turns = present
    ? readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SgdTurn)
    : [];
  const now = new Date('2026-03-04T14:00:00Z');
  const commands = turns.map((turn) => parseCommand(turn.text, { now, zone: 'America/Los_Angeles' }));

  it('parses every turn into a valid Command with exact spans', () => {
    commands.forEach((command, k) => {
      expect(CommandSchema.safeParse(command).success).toBe(true);
      for (const slot of command.slots) expect(turns[k]?.text.slice(slot.start, slot.end)).toBe(slot.text);
    });
  });

  it('finds the dates and times people typed', () => {
    let gold = 0;
    let found = 0;
    turns.forEach((turn, k) => {
      const ours = commands[k]?.slots.filter((s) => s.type === 'date' || s.type === 'time' || s.type === 'time_of_day') ?? [];
      for (const slot of turn.slots.filter((s) => s.slot === 'event_date' || s.slot === 'event_time')) {
        gold += 1;
        if (ours.some((s) => s.start < slot.end && slot.start < s.end)) found += 1;
      }
    });
    console.log(`SGD dates and times found (overlapping span): ${found}/${gold}`);
    expect(found / gold).toBeGreaterThanOrEqual(0.9);
  });
});
