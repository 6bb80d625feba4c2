import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandSchema } from './command';
import { parseCommand } from './parse';

const now = new Date('2026-03-04T14:00:00Z');

/** Words the grammar reacts to, so random input reaches the parser's rules, not only its edges. */
const VOCABULARY = [
  'move', 'cancel', 'remind', 'me', 'to', 'at', 'on', 'the', 'every', 'other', 'next', 'friday', 'may', 'march',
  'five', 'thirty', 'pm', 'a', 'm', "o'clock", 'twenty', 'first', 'of', 'with', 'dana', 'my', 'boss', "sally's",
  'minutes', 'before', 'an', 'hour', 'and', 'half', 'in', 'new', 'york', 'uh', 'hey', 'tempo', 'lunch', ',', '.',
  '3pm', '5:30', '12/25', 'two', 'thousand', 'seventeen', 'rest', 'week', 'noon', 'tonight', "tomorrow's",
];

describe('parseCommand on any input', () => {
  it('never throws, keeps spans exact and returns a valid Command', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 10_000 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 60 }).map((words) => words.join(' ')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const command = parseCommand(input, { now, zone: 'Europe/Berlin' });
        expect(CommandSchema.safeParse(command).success).toBe(true);
        for (const slot of command.slots) expect(input.slice(slot.start, slot.end)).toBe(slot.text);
      }),
      { numRuns: 200 },
    );
  });

  it('parses 10 kB of words in bounded time', () => {
    const long = Array.from({ length: 2_000 }, (_, i) => VOCABULARY[i % VOCABULARY.length]).join(' ').slice(0, 10_000);
    const started = performance.now();
    parseCommand(long, { now });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
