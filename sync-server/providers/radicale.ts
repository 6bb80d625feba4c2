import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../testing';

/**
 * A real Radicale (Debian's package) for tests and benchmarks: 127.0.0.1, a free port, storage in a
 * temporary folder, one bcrypt htpasswd user. FACTS.md: start it through /usr/bin/radicale, since
 * the `python3` on PATH may not see Debian's Python packages.
 */

const RADICALE = '/usr/bin/radicale';
const HTPASSWD = '/usr/bin/htpasswd';
const START_TIMEOUT_MS = 15_000;

export interface RadicaleServer {
  /** The server's root, e.g. `http://127.0.0.1:41234/`: what a user types into an account form. */
  url: string;
  username: string;
  password: string;
  /** The user's home collection, `<url><username>/`. */
  homeUrl: string;
  stop(): Promise<void>;
}

export interface RadicaleOptions {
  username?: string;
  password?: string;
}

export class RadicaleMissingError extends Error {
  override name = 'RadicaleMissingError';
}

function assertInstalled(): void {
  const missing = [RADICALE, HTPASSWD].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new RadicaleMissingError(`${missing.join(' and ')} not found: the CalDAV tests need a real Radicale. Install it with: apt-get install radicale apache2-utils`);
  }
}

export async function startRadicale(options: RadicaleOptions = {}): Promise<RadicaleServer> {
  assertInstalled();
  const username = options.username ?? 'tester';
  const password = options.password ?? `pw-${crypto.randomUUID()}`;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-radicale-'));
  const htpasswdFile = path.join(folder, 'users');
  const made = spawnSync(HTPASSWD, ['-bcB', htpasswdFile, username, password], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
  const port = await freePort();
  const configFile = path.join(folder, 'config');
  writeFileSync(
    configFile,
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${htpasswdFile}`,
      'htpasswd_encryption = bcrypt',
      // Otherwise every refused login sleeps, and the wrong-password tests with it.
      'delay = 0',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${path.join(folder, 'collections')}`,
      '[web]',
      'type = none',
      '[logging]',
      'level = warning',
      '',
    ].join('\n'),
  );
  const child = spawn(RADICALE, ['--config', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const url = `http://127.0.0.1:${port}/`;
  const cleanUp = async () => {
    await stopProcess(child);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(url, child, () => stderr);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { url, username, password, homeUrl: `${url}${encodeURIComponent(username)}/`, stop: cleanUp };
}

async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`radicale exited with ${child.exitCode}: ${stderr()}`);
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`radicale did not answer on ${url} within ${START_TIMEOUT_MS} ms: ${stderr()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export interface NewCalendar {
  displayName?: string;
  color?: string;
}

/** MKCALENDAR `<home>/<slug>/`; returns the collection's URL. */
export async function createCalendar(server: RadicaleServer, slug: string, calendar: NewCalendar = {}): Promise<string> {
  const collectionUrl = `${server.homeUrl}${encodeURIComponent(slug)}/`;
  const props = [
    calendar.displayName === undefined ? '' : `<D:displayname>${escapeXml(calendar.displayName)}</D:displayname>`,
    calendar.color === undefined ? '' : `<I:calendar-color>${escapeXml(calendar.color)}</I:calendar-color>`,
  ].join('');
  const body = `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/">
  <D:set><D:prop>${props}<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set>
</C:mkcalendar>`;
  const response = await fetch(collectionUrl, {
    method: 'MKCALENDAR',
    headers: { authorization: basicAuthorization(server.username, server.password), 'content-type': 'application/xml; charset=utf-8' },
    body,
  });
  if (response.status !== 201) throw new Error(`MKCALENDAR ${collectionUrl} answered ${response.status}: ${await response.text()}`);
  return collectionUrl;
}

/**
 * Replaces a whole collection with these VEVENTs (each a VCALENDAR's text or a bare VEVENT) in one
 * PUT: 2,000 events in about 4 s where single PUTs take about 70 s (FACTS.md). Radicale splits
 * the upload by UID, so a series and its overrides stay one item.
 */
export async function seedCalendar(server: RadicaleServer, slug: string, calendars: readonly string[], calendar: NewCalendar = {}): Promise<string> {
  const collectionUrl = `${server.homeUrl}${encodeURIComponent(slug)}/`;
  const components = calendars.map((text) => text.replace(/^[\s\S]*?(?=BEGIN:V(?:EVENT|TIMEZONE))/, '').replace(/END:VCALENDAR\s*$/, '').trim());
  const header = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//TempoPilot//seed//EN'];
  if (calendar.displayName !== undefined) header.push(`X-WR-CALNAME:${calendar.displayName}`);
  if (calendar.color !== undefined) header.push(`X-APPLE-CALENDAR-COLOR:${calendar.color}`);
  const body = [...header, ...uniqueTimezones(components), 'END:VCALENDAR', ''].join('\r\n');
  const response = await fetch(collectionUrl, {
    method: 'PUT',
    headers: { authorization: basicAuthorization(server.username, server.password), 'content-type': 'text/calendar; charset=utf-8' },
    body,
  });
  if (response.status !== 201 && response.status !== 204) throw new Error(`PUT ${collectionUrl} answered ${response.status}: ${await response.text()}`);
  return collectionUrl;
}

/** A whole-collection upload may carry each VTIMEZONE once only. */
function uniqueTimezones(components: readonly string[]): string[] {
  const seenZones = new Set<string>();
  return components.map((text) =>
    text.replace(/BEGIN:VTIMEZONE\r?\n[\s\S]*?END:VTIMEZONE\r?\n?/g, (zone) => {
      const tzid = /TZID:(.*)/.exec(zone)?.[1]?.trim() ?? zone;
      if (seenZones.has(tzid)) return '';
      seenZones.add(tzid);
      return zone;
    }).trim(),
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
