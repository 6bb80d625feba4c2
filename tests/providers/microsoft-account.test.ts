import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/client';
import { beginMicrosoftConsent, ConsentError } from '../../src/app/oauth/microsoft-consent';
import { runCli } from '../../src/cli/main';
import type { CliServices } from '../../src/cli/services';
import { msalAuthority } from '../../src/sync/msal-authority';
import { createLogger, startSyncServer } from '../../sync-server';
import { MicrosoftConnector } from '../../sync-server/providers/microsoft/connector';
import { GraphDouble } from '../../sync-server/providers/microsoft/double';
import { startProviderHost, type ProviderHost } from '../support/provider-host';
import { january } from '../support/dates';

/**
 * `accounts add microsoft` as the host runs it, against the Graph and identity platform double
 * behind msal-node: consent in "the browser" (this test follows the authorize page's redirect),
 * the loopback listener takes the code, msal's token cache goes to the built-in sync server,
 * which seals it, syncs, and keeps the refresh token the platform rotates.
 */

describe('a Microsoft 365 account, added through the consent page and synced by the built-in server', () => {
  let double: GraphDouble;
  let hosted: ProviderHost;
  let api: ApiClient;
  let calendarId: string;

  beforeAll(async () => {
    double = await GraphDouble.start();
    calendarId = double.addCalendar('Calendar').id;
    double.addCalendar('Birthdays', { canEdit: false });
    // Made in Outlook: Exchange keeps the Windows zone name it was written with.
    await double.directFetch(`/me/calendars/${calendarId}/events`, {
      method: 'POST',
      body: JSON.stringify({ subject: 'Quarterly review', start: { dateTime: `${january(2)}T10:00:00`, timeZone: 'Eastern Standard Time' }, end: { dateTime: `${january(2)}T11:00:00`, timeZone: 'Eastern Standard Time' } }),
    });
    hosted = startProviderHost({ timeZone: 'America/New_York' });
    api = hosted.api;
  }, 60_000);
  afterAll(async () => {
    await hosted?.close();
    await double?.stop();
  });

  const microsoft = () => ({ kind: 'microsoft' as const, clientId: double.clientId, authority: double.loopbackAuthority, graphBaseUrl: double.graphBaseUrl });

  it('refuses an authority over plain http anywhere but this machine', async () => {
    await expect(api.send('accounts.add', { ...microsoft(), authority: 'http://login.example.com/common' })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('must be https') });
  });

  it('refuses when the person declines on the consent page, and adds nothing', async () => {
    double.consentAnswer = 'deny';
    await expect(api.send('accounts.add', microsoft())).rejects.toMatchObject({ code: 'denied', message: expect.stringContaining('Microsoft 365 was not connected') });
    double.consentAnswer = 'grant';
    expect(await api.send('accounts.list', {})).toEqual([]);
  });

  it('adds the account after consent with PKCE: calendars with their write access, and the Windows-zone event in its zone', async () => {
    const added = await api.send('accounts.add', microsoft());
    const consent = new URL(hosted.consentPages.at(-1)!).searchParams;
    expect(consent.get('code_challenge_method')).toBe('S256');
    expect(consent.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(added.account).toMatchObject({ kind: 'microsoft', label: 'Microsoft 365', state: 'ok' });
    expect(added.account.calendars.map((c) => [c.name, c.readOnly]).sort()).toEqual([
      ['Birthdays', true],
      ['Calendar', false],
    ]);
    expect(added.sync.providers[0]).toMatchObject({ state: 'ok', pulled: 1 });
    const { entries } = await api.send('agenda.list', { from: january(2), to: january(3) });
    expect(entries.map((e) => e.title)).toEqual(['Quarterly review']);
    const review = await api.send('events.get', { id: entries[0]!.eventId });
    expect(review.start).toEqual({ dateTime: `${january(2)}T10:00:00`, timeZone: 'America/New_York' });
    // The first add also starts the built-in server and its database.
  }, 60_000);

  it('sends an event made here to Graph, in the default calendar, once', async () => {
    await api.send('assistant.say', { text: 'add lunch with priya on january 3 at noon', now: `${january(1)}T09:00`, confirm: true });
    const result = await api.send('sync.run', {});
    expect(result.providers[0]).toMatchObject({ state: 'ok', pushed: 1 });
    expect(double.eventCount(calendarId)).toBe(2);
    expect(await api.send('sync.run', {})).toMatchObject({ providers: [{ state: 'ok', pushed: 0, pulled: 0 }] });
    expect(double.eventCount(calendarId)).toBe(2);
  });

  it('keeps the refresh token the platform rotates, sealed, so the next run still signs in', async () => {
    // Each refresh now spends its refresh token: a second refresh works only from the kept one.
    double.revokeRedeemedRefreshTokens = true;
    for (let run = 0; run < 2; run += 1) {
      double.expireAccessTokens();
      const result = await api.send('sync.run', {});
      expect(result.providers[0]).toMatchObject({ state: 'ok' });
    }
    double.revokeRedeemedRefreshTokens = false;
  });

  it('shows "sign in again" when the refresh token is revoked, without failing the sync', async () => {
    double.revokeRefreshTokens();
    double.expireAccessTokens();
    const result = await api.send('sync.run', {});
    expect(result.providers[0]).toMatchObject({ state: 'sign-in-again' });
    expect(await api.send('accounts.list', {})).toMatchObject([{ state: 'sign-in-again' }]);
  });
});

describe('the Microsoft consent flow on its own', () => {
  it('yields a token cache that signs in with PKCE, and a ConsentError when refused', async () => {
    const double = await GraphDouble.start();
    try {
      double.addCalendar('Work');
      const consent = await beginMicrosoftConsent({ clientId: double.clientId, authority: double.loopbackAuthority });
      const page = new URL(consent.url);
      expect(page.origin).toBe(new URL(double.loopbackAuthority).origin);
      expect(page.searchParams.get('scope')).toContain('offline_access');
      expect(await (await fetch(consent.url)).text()).toContain('connected');
      const { tokenCache } = await consent.result;
      const authority = msalAuthority(double.loopbackAuthority);
      const signedIn = new MicrosoftConnector({
        clientId: double.clientId,
        authority: authority.auth.authority,
        authorityMetadata: authority.auth.authorityMetadata!,
        cloudDiscoveryMetadata: authority.auth.cloudDiscoveryMetadata!,
        networkClient: authority.networkClient!,
        graphBaseUrl: double.graphBaseUrl,
        tokenCache,
      });
      expect((await signedIn.listCalendars()).map((c) => c.name)).toEqual(['Work']);

      double.consentAnswer = 'deny';
      const refused = await beginMicrosoftConsent({ clientId: double.clientId, authority: double.loopbackAuthority });
      const outcome = refused.result.catch((error: unknown) => error);
      await fetch(refused.url);
      expect(await outcome).toBeInstanceOf(ConsentError);
    } finally {
      await double.stop();
    }
  });
});

describe('`tempopilot accounts add microsoft`, in this process', () => {
  it('prints the sign-in page, waits for it, and adds the account; without a client id it says how to give one', async () => {
    const double = await GraphDouble.start();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-microsoft-cli-'));
    const secretKey = randomBytes(32).toString('base64');
    const services: CliServices = {
      startSyncServer: (options) => startSyncServer({ ...options, providerJobs: false, secretKey, logger: createLogger({ level: 'silent' }) }),
    };
    try {
      double.addCalendar('Calendar');
      const stdout: string[] = [];
      const stderr: string[] = [];
      // The person: opens the page the command prints.
      const browser = (line: string) => {
        stderr.push(line);
        const page = /^http:\/\/\S+$/m.exec(line)?.[0];
        if (line.startsWith('Open this page') && page) void fetch(page).then((response) => response.text());
      };
      const args = ['--data-dir', dataDir, '--tz', 'America/New_York', 'accounts', 'add', 'microsoft'];
      const test = ['--microsoft-authority', double.loopbackAuthority, '--graph-url', double.graphBaseUrl];
      const code = await runCli([...args, '--client-id', double.clientId, ...test], { stdout: (line) => stdout.push(line), stderr: browser }, services);
      expect({ code, stderr: stderr.join('\n') }).toMatchObject({ code: 0, stderr: expect.stringContaining('Open this page') });
      expect(stdout.join('\n')).toContain('Added Microsoft 365: Calendar.');

      const noId: string[] = [];
      const previous = process.env.TEMPOPILOT_MICROSOFT_CLIENT_ID;
      delete process.env.TEMPOPILOT_MICROSOFT_CLIENT_ID;
      try {
        expect(await runCli([...args, ...test], { stdout: () => {}, stderr: (line) => noId.push(line) }, services)).not.toBe(0);
      } finally {
        if (previous !== undefined) process.env.TEMPOPILOT_MICROSOFT_CLIENT_ID = previous;
      }
      expect(noId.join('\n')).toContain('TEMPOPILOT_MICROSOFT_CLIENT_ID');
    } finally {
      await double.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
