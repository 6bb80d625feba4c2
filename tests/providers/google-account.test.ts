import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/client';
import { beginGoogleConsent, ConsentError } from '../../src/app/oauth/google-consent';
import { GoogleConnector } from '../../sync-server/providers/google/connector';
import { GoogleCalendarDouble } from '../../sync-server/providers/google/double';
import { startProviderHost, type ProviderHost } from '../support/provider-host';
import { january } from '../support/dates';

/**
 * `accounts add google` as the host runs it, against the Google double behind the real SDKs:
 * consent in "the browser" (this test follows the page's redirect), the loopback listener takes
 * the code, the refresh token goes to the built-in sync server, which seals it and syncs.
 */

const CLIENT_ID = 'tempopilot-test.apps.googleusercontent.com';

describe('a Google account, added through the consent page and synced by the built-in server', () => {
  let double: GoogleCalendarDouble;
  let hosted: ProviderHost;
  let api: ApiClient;

  beforeAll(async () => {
    double = await GoogleCalendarDouble.start();
    double.addCalendar({ id: 'dana@example.com', summary: 'Dana', timeZone: 'America/New_York' });
    double.addCalendar({ id: 'holidays@group.v.calendar.google.com', summary: 'Holidays', timeZone: 'America/New_York', accessRole: 'reader' });
    double.insertEvent('dana@example.com', {
      summary: 'Quarterly review',
      start: { dateTime: `${january(2)}T10:00:00-05:00`, timeZone: 'America/New_York' },
      end: { dateTime: `${january(2)}T11:00:00-05:00`, timeZone: 'America/New_York' },
    });
    hosted = startProviderHost({ timeZone: 'America/New_York' });
    api = hosted.api;
  }, 60_000);
  afterAll(async () => {
    await hosted?.close();
    await double?.stop();
  });

  const google = () => ({ kind: 'google' as const, clientId: CLIENT_ID, authUrl: double.authUrl, tokenUrl: double.tokenUrl, apiRoot: double.rootUrl });

  it('refuses when the person declines on the consent page, and adds nothing', async () => {
    double.consentAnswer = 'deny';
    await expect(api.send('accounts.add', google())).rejects.toMatchObject({ code: 'denied', message: expect.stringContaining('not connected') });
    double.consentAnswer = 'grant';
    expect(await api.send('accounts.list', {})).toEqual([]);
  });

  it('adds the account after consent with PKCE: calendars with their write access, and events synced', async () => {
    const added = await api.send('accounts.add', google());
    expect(new URL(hosted.consentPages.at(-1)!).searchParams.get('code_challenge_method')).toBe('S256');
    expect(added.account).toMatchObject({ kind: 'google', label: 'Google Calendar', state: 'ok' });
    expect(added.account.calendars.map((c) => [c.name, c.readOnly]).sort()).toEqual([
      ['Dana', false],
      ['Holidays', true],
    ]);
    expect(added.sync.providers[0]).toMatchObject({ state: 'ok', pulled: 1 });
    const { entries } = await api.send('agenda.list', { from: january(2), to: january(3) });
    expect(entries.map((e) => e.title)).toEqual(['Quarterly review']);
  });

  it('sends an event made here to Google, in the default calendar, in place', async () => {
    await api.send('assistant.say', { text: 'add lunch with priya on january 3 at noon', now: `${january(1)}T09:00`, confirm: true });
    const result = await api.send('sync.run', {});
    expect(result.providers[0]).toMatchObject({ state: 'ok', pushed: 1 });
    expect(double.events('dana@example.com').map((e) => e.summary).sort()).toEqual(['Lunch with Priya', 'Quarterly review']);
  });

  it('shows "sign in again" when Google revokes the grant, without failing the sync', async () => {
    double.revokeAllRefreshTokens();
    const result = await api.send('sync.run', {});
    expect(result.providers[0]).toMatchObject({ state: 'sign-in-again' });
    expect(await api.send('accounts.list', {})).toMatchObject([{ state: 'sign-in-again' }]);
  });
});

describe('the Google consent flow on its own', () => {
  it('yields a working refresh token with PKCE, and a ConsentError when refused', async () => {
    const double = await GoogleCalendarDouble.start();
    try {
      double.addCalendar({ id: 'work@example.com', summary: 'Work', timeZone: 'Europe/Zurich' });
      const consent = await beginGoogleConsent({ clientId: CLIENT_ID, authUrl: double.authUrl, tokenUrl: double.tokenUrl });
      expect(new URL(consent.url).searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await (await fetch(consent.url)).text()).toContain('connected');
      const { refreshToken } = await consent.result;
      const signedIn = new GoogleConnector({ clientId: CLIENT_ID, refreshToken, tokenUrl: double.tokenUrl, apiRoot: double.rootUrl });
      expect((await signedIn.listCalendars()).map((c) => c.name)).toEqual(['Work']);

      double.consentAnswer = 'deny';
      const refused = await beginGoogleConsent({ clientId: CLIENT_ID, authUrl: double.authUrl, tokenUrl: double.tokenUrl });
      const outcome = refused.result.catch((error: unknown) => error);
      await fetch(refused.url);
      expect(await outcome).toBeInstanceOf(ConsentError);
    } finally {
      await double.stop();
    }
  });
});
