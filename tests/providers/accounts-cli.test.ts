import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toICalendar } from '../../sync-server/providers/ical/ics';
import { createCalendar, seedCalendar, startRadicale, type RadicaleServer } from '../../sync-server/providers/radicale';
import { runBin as tempopilot } from '../support/bin';

/**
 * `tempopilot accounts` as a person runs it: separate processes through the bin, the password
 * piped in, the built-in sync server started by the composition root in the data folder.
 */

describe('tempopilot accounts, through the bin', () => {
  let radicale: RadicaleServer;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-accounts-'));

  beforeAll(async () => {
    radicale = await startRadicale();
    await seedCalendar(
      radicale,
      'work',
      Array.from({ length: 300 }, (_, n) =>
        toICalendar({
          uid: `seeded-${n}`,
          events: [
            {
              title: `Seeded ${n}`,
              start: { dateTime: `2026-12-${String((n % 28) + 1).padStart(2, '0')}T09:00:00`, timeZone: 'Europe/Berlin' },
              end: { dateTime: `2026-12-${String((n % 28) + 1).padStart(2, '0')}T10:00:00`, timeZone: 'Europe/Berlin' },
              attendees: [],
              status: 'confirmed',
              transparency: 'opaque',
            },
          ],
        }),
      ),
      { displayName: 'Work' },
    );
    await createCalendar(radicale, 'family', { displayName: 'Family' });
  }, 120_000);
  afterAll(async () => {
    await radicale?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong password in one line and adds nothing', async () => {
    const result = await tempopilot(dataDir, ['accounts', 'add', 'caldav', '--url', radicale.url, '--username', radicale.username, '--password-stdin'], 'not-the-password\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tempopilot: .*user name or password/);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(JSON.parse((await tempopilot(dataDir, ['accounts', 'list', '--json'])).stdout)).toEqual([]);
  }, 120_000);

  it('adds the account with the password from standard input, showing progress, and keeps the password sealed', async () => {
    const result = await tempopilot(dataDir, ['accounts', 'add', 'caldav', '--url', radicale.url, '--username', radicale.username, '--password-stdin'], `${radicale.password}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Added');
    expect(result.stdout).toMatch(/New events go to "(Work|Family)"/);
    expect(result.stderr).toMatch(/Syncing Work: 300 of 300 events/);
    expect(result.stdout).toMatch(/300 change\(s\) in/);

    const listed = JSON.parse((await tempopilot(dataDir, ['accounts', 'list', '--json'])).stdout) as { state: string; calendars: { name: string }[] }[];
    expect(listed).toMatchObject([{ state: 'ok' }]);
    expect(listed[0]!.calendars.map((c) => c.name).sort()).toEqual(['Family', 'Work']);

    const keyFile = path.join(dataDir, 'server.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
    for (const file of ['sync-identity.json', 'server.key']) expect(readFileSync(path.join(dataDir, file), 'utf8')).not.toContain(radicale.password);
  }, 120_000);

  it('puts an event said for "my family calendar" there, and `sync` sends it to the server', async () => {
    const said = await tempopilot(dataDir, ['say', 'add piano recital on my family calendar on december 12 at 6pm', '--json']);
    expect(said.code, said.stderr).toBe(0);
    const synced = await tempopilot(dataDir, ['sync']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/1 out/);
    const family = `${radicale.homeUrl}family/`;
    const listing = await fetch(family, {
      method: 'PROPFIND',
      headers: { authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64')}`, depth: '1' },
    });
    expect((await listing.text()).match(/\.ics</g)).toHaveLength(1);
  }, 120_000);
});
