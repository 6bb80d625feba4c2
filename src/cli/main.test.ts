import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCapturing as run } from '../../tests/support/cli';
import { useTempDirs } from '../../tests/support/temp';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './main';

const tempDir = useTempDirs();


describe('tempopilot CLI', () => {
  it('adds, lists, deletes by short id and undoes, in text and JSON', async () => {
    const dir = tempDir();
    const common = ['--data-dir', dir, '--tz', 'Europe/Berlin'];
    const added = await run(...common, 'add', 'Dentist', '--start', '2026-12-03T09:00', '--end', '2026-12-03T10:00', '--location', 'Main St', '--json');
    expect(added.code).toBe(EXIT_OK);
    const id = JSON.parse(added.stdout).event.id as string;
    const agenda = await run(...common, 'agenda', '--from', '2026-12-03', '--to', '2026-12-04');
    expect(agenda.stdout).toBe(`Thu 3 Dec 2026\n  09:00–10:00  Dentist  @ Main St  [${id.slice(0, 8)}]`);
    expect((await run(...common, 'delete', id.slice(0, 8))).stdout).toBe('Deleted "Dentist" (Thu 3 Dec 2026 09:00–10:00 (Europe/Berlin))');
    expect((await run(...common, 'undo')).stdout).toBe('Undid: delete "Dentist"');
    const json = JSON.parse((await run(...common, 'agenda', '--from', '2026-12-03', '--json')).stdout);
    expect(json.entries.map((e: { eventId: string }) => e.eventId)).toEqual([id]);
    expect((await run(...common, 'undo')).stdout).toBe('Undid: add "Dentist"');
    expect((await run(...common, 'undo')).stdout).toBe('Nothing to undo.');
  });

  it('adds all-day and repeating events with sensible default ends', async () => {
    const dir = tempDir();
    const common = ['--data-dir', dir, '--tz', 'America/New_York'];
    await run(...common, 'add', 'Holiday', '--start', '2026-12-25');
    await run(...common, 'add', 'Standup', '--start', '2026-10-26T09:00', '--end', '2026-10-26T09:15', '--repeat', 'FREQ=WEEKLY;BYDAY=MO');
    const agenda = await run(...common, 'agenda', '--from', '2026-11-02', '--to', '2026-11-03');
    expect(agenda.stdout).toMatch(/09:00–09:15 {2}Standup ↻/);
    const holiday = await run(...common, 'agenda', '--from', '2026-12-25', '--json');
    expect(JSON.parse(holiday.stdout).entries[0]).toMatchObject({ title: 'Holiday', allDay: true, end: { date: '2026-12-26' } });
  });

  it.each([
    [['agenda', '--frm', '2026-12-03'], /unknown option '--frm'/],
    [['add', 'X', '--start', '2026-02-30T09:00'], /start: expected a date/],
    [['add', 'X', '--start', 'tomorrow'], /start: expected a date/],
    [['add', 'X', '--start', '2026-12-03T10:00', '--end', '2026-12-03T09:00'], /the end must be after the start/],
    [['add', 'X', '--start', '2026-12-03', '--end', '2026-12-03T09:00'], /both be dates/],
    [['add', 'X', '--start', '2026-12-03T10:00', '--repeat', 'FREQ=SOMETIMES'], /RRULE/],
    [['add', '--start', '2026-12-03T10:00'], /missing required argument 'title'/],
    [['delete', 'no-such-event'], /no event with id "no-such-event"/],
    [['agenda', '--from', '2026-12-04', '--to', '2026-12-03'], /must be after its start/],
    [['agenda', '--from', '2026-12-03T09:00'], /--to is needed/],
    [['--tz', 'Mars/Base', 'agenda'], /unknown time zone "Mars\/Base"/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('refuses %j with one line, exit code 2, and writes nothing', async (argv, message) => {
    const dir = path.join(tempDir(), 'data');
    const result = await run('--data-dir', dir, ...argv);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(1);
    if (argv[0] !== 'delete') expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('prints errors as JSON too with --json', async () => {
    const result = await run('--data-dir', tempDir(), 'delete', 'nope-nope', '--json');
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'not-found', message: 'no event with id "nope-nope"' } });
  });

  it('says a damaged cache is damaged, in one line, without touching it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cache.db');
    const garbage = 'definitely not sqlite '.repeat(300);
    writeFileSync(file, garbage);
    const result = await run('--data-dir', dir, 'agenda');
    expect(result.code).toBe(EXIT_FAILURE);
    expect(result.stderr).toMatch(/^tempopilot: the cache at .*cache\.db is damaged or is not a TempoPilot database; move it aside/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['cache.db']);
  });

  it('says a cache with damaged pages is damaged, in one line, and changes nothing', async () => {
    const dir = tempDir();
    for (let day = 1; day <= 28; day++) {
      await run('--data-dir', dir, 'add', `Event ${day} ${'x'.repeat(400)}`, '--start', `2026-12-${String(day).padStart(2, '0')}T09:00`);
    }
    const file = path.join(dir, 'cache.db');
    const bytes = readFileSync(file);
    // Keep the header page intact so the file still opens, and scribble over everything after it.
    for (let offset = 4096; offset < bytes.length; offset += 7) bytes[offset] = 0xa5;
    writeFileSync(file, bytes);
    const damaged = readFileSync(file);
    const listed = await run('--data-dir', dir, 'agenda', '--from', '2026-12-01', '--to', '2026-12-31');
    const added = await run('--data-dir', dir, 'add', 'More', '--start', '2026-12-05T10:00');
    for (const result of [listed, added]) {
      expect(result.code).toBe(EXIT_FAILURE);
      expect(result.stderr).toMatch(/^tempopilot: the cache at .* is damaged or is not a TempoPilot database/);
      expect(result.stderr.split('\n')).toHaveLength(1);
    }
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('never throws or prints a stack trace, whatever the arguments (fuzz)', async () => {
    const dir = tempDir();
    const token = fc.oneof(
      fc.constantFrom('agenda', 'add', 'delete', 'undo', 'calendars', '--from', '--to', '--start', '--end', '--json', '--tz', '--repeat', '--calendar', '-h', '--'),
      fc.constantFrom('2026-12-03', '2026-12-03T09:00', '2026-02-30', '9999-99-99T99:99', 'Europe/Berlin', 'FREQ=DAILY', ''),
      fc.string({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 7 }), async (argv) => {
        const result = await run('--data-dir', dir, ...argv);
        expect([EXIT_OK, EXIT_FAILURE, EXIT_USAGE]).toContain(result.code);
        expect(result.stderr).not.toMatch(/\n\s+at |unexpected error/);
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
