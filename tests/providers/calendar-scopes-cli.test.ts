import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toICalendar } from '../../sync-server/providers/ical/ics';
import { basicAuthorization, createCalendar, seedCalendar, startRadicale, type RadicaleServer } from '../../sync-server/providers/radicale';
import type { AgendaEntry } from '../../src/domain/agenda';
import type { ProviderAccount } from '../../src/sync/protocol';
import { runBin as tempopilot } from '../support/bin';

/**
 * Per-calendar scopes as a person sets them: `tempopilot accounts calendars` and `accounts
 * calendar`, through the bin, with the built-in sync server and a real CalDAV server (Radicale).
 */

const SEEDED = ['Seeded 1', 'Seeded 2', 'Seeded 3'];

describe('tempopilot accounts calendars / calendar, through the bin', () => {
  let radicale: RadicaleServer;
  let workUrl: string;
  let accountId: string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-scopes-'));
  const run = (...args: string[]) => tempopilot(dataDir, args);

  /** Titles on this device between 1 December 2026 and 1 January 2027. */
  async function agendaTitles(): Promise<string[]> {
    const result = await run('agenda', '--from', '2026-12-01', '--to', '2027-01-01', '--json');
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { entries: AgendaEntry[] }).entries.map((entry) => entry.title).sort();
  }

  /** How many resources Radicale holds in the Work calendar. */
  async function itemsOnRadicale(): Promise<number> {
    const listing = await fetch(workUrl, { method: 'PROPFIND', headers: { authorization: basicAuthorization(radicale.username, radicale.password), depth: '1' } });
    return ((await listing.text()).match(/\.ics</g) ?? []).length;
  }

  beforeAll(async () => {
    radicale = await startRadicale();
    workUrl = await seedCalendar(
      radicale,
      'work',
      SEEDED.map((title, n) =>
        toICalendar({
          uid: `seeded-${n}`,
          events: [
            {
              title,
              start: { dateTime: `2026-12-0${n + 1}T09:00:00`, timeZone: 'Europe/Berlin' },
              end: { dateTime: `2026-12-0${n + 1}T10:00:00`, timeZone: 'Europe/Berlin' },
              attendees: [],
              status: 'confirmed',
              transparency: 'opaque',
            },
          ],
        }),
      ),
      { displayName: 'Work' },
    );
    // Two calendars with one name, as happens with shared calendars.
    await createCalendar(radicale, 'family', { displayName: 'Family' });
    await createCalendar(radicale, 'family-shared', { displayName: 'Family' });
    const added = await tempopilot(dataDir, ['accounts', 'add', 'caldav', '--url', radicale.url, '--username', radicale.username, '--password-stdin'], `${radicale.password}\n`);
    expect(added.code, added.stderr).toBe(0);
    accountId = (JSON.parse((await run('accounts', 'list', '--json')).stdout) as ProviderAccount[])[0]!.id;
  }, 120_000);
  afterAll(async () => {
    await radicale?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the calendars with their choices, as a table and as JSON', async () => {
    const json = await run('accounts', 'calendars', accountId.slice(0, 8), '--json');
    expect(json.code, json.stderr).toBe(0);
    const account = JSON.parse(json.stdout) as ProviderAccount;
    expect(account.calendars.map((c) => [c.name, c.sync, c.write, c.providerReadOnly])).toEqual([
      ['Family', true, true, false],
      ['Family', true, true, false],
      ['Work', true, true, false],
    ]);
    const table = await run('accounts', 'calendars', account.label);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(/^CALENDAR\s+SYNC\s+ACCESS\s+ID$/);
    expect(table.stdout).toMatch(/Work\s+on\s+read-write\s+p[0-9a-f]+/);
  }, 120_000);

  it('says clearly what it cannot find or cannot tell apart, and changes nothing', async () => {
    const unknownAccount = await run('accounts', 'calendars', 'nobody');
    expect(unknownAccount.code).toBe(2);
    expect(unknownAccount.stderr).toMatch(/^tempopilot: no calendar account "nobody"/);
    const unknownCalendar = await run('accounts', 'calendar', accountId, 'Holidays', '--no-sync');
    expect(unknownCalendar.code).toBe(2);
    expect(unknownCalendar.stderr).toMatch(/has no calendar "Holidays"; it has "Family", "Family", "Work"/);
    const ambiguous = await run('accounts', 'calendar', accountId, 'family', '--read-only');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/2 calendars of .* are called "family"; name one by its id/);
    const nothingAsked = await run('accounts', 'calendar', accountId, 'Work');
    expect(nothingAsked.code).toBe(2);
    expect(nothingAsked.stderr).toMatch(/say what to change/);
    const account = JSON.parse((await run('accounts', 'calendars', accountId, '--json')).stdout) as ProviderAccount;
    expect(account.calendars.every((c) => c.sync && c.write)).toBe(true);
  }, 120_000);

  it('switching a calendar off takes its events off this device; on again brings each back once', async () => {
    expect(await agendaTitles()).toEqual(SEEDED);
    const off = await run('accounts', 'calendar', accountId, 'Work', '--no-sync');
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^Work \(.*\): sync off, read-write\./);
    expect(await agendaTitles()).toEqual([]);
    expect(await itemsOnRadicale()).toBe(3);

    const on = await run('accounts', 'calendar', accountId, 'work', '--sync');
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/sync on/);
    expect(await agendaTitles()).toEqual(SEEDED);
    expect(await itemsOnRadicale()).toBe(3);
  }, 120_000);

  it('a calendar made read-only takes no new events; writable again, they reach the CalDAV server', async () => {
    const readOnly = await run('accounts', 'calendar', accountId, 'Work', '--read-only');
    expect(readOnly.code, readOnly.stderr).toBe(0);
    expect(readOnly.stdout).toMatch(/sync on, read-only \(your choice\)/);
    const refused = await run('add', 'Blocked', '--start', '2026-12-05T09:00', '--calendar', 'Work');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/read-only/);
    expect((await run('sync')).code).toBe(0);
    expect(await itemsOnRadicale()).toBe(3);

    expect((await run('accounts', 'calendar', accountId, 'Work', '--write')).code).toBe(0);
    const added = await run('add', 'Allowed', '--start', '2026-12-05T09:00', '--calendar', 'Work');
    expect(added.code, added.stderr).toBe(0);
    expect((await run('sync')).code).toBe(0);
    expect(await itemsOnRadicale()).toBe(4);
  }, 120_000);
});
