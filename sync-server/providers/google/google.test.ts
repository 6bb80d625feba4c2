import { createHash, randomBytes } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthExpiredError,
  NotFoundError,
  PreconditionFailedError,
  ItemRefusedError,
  ProviderUnavailableError,
  RateLimitedError,
  TokenInvalidError,
  type ItemContent,
  type ProviderCalendar,
  type ProviderEvent,
} from '../connector';
import { GoogleConnector } from './connector';
import type { GoogleCalendarDouble } from './double';
import { startGoogleAccount, TEST_CLIENT_ID, type GoogleTestAccount } from './testing';

const CALENDAR_ID = 'work@group.calendar.google.com';

const event = (title: string, fields: Partial<ProviderEvent> = {}): ProviderEvent => ({
  title,
  start: { dateTime: '2026-03-02T09:00:00', timeZone: 'America/New_York' },
  end: { dateTime: '2026-03-02T09:30:00', timeZone: 'America/New_York' },
  attendees: [],
  status: 'confirmed',
  transparency: 'opaque',
  ...fields,
});

const weekly = (title = 'Weekly sync'): ProviderEvent => event(title, { recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10', exdates: [] } });

describe('Google connector against the v3 double', () => {
  let account: GoogleTestAccount;
  let double: GoogleCalendarDouble;
  let connector: GoogleConnector;
  let calendar: ProviderCalendar;

  beforeEach(async () => {
    account = await startGoogleAccount({ connector: { pageSize: 3 } });
    ({ double, connector } = account);
    double.addCalendar({ id: CALENDAR_ID, summary: 'Work', timeZone: 'Europe/Zurich' });
    double.addCalendar({ id: 'holidays@group.v.calendar.google.com', summary: 'Holidays', timeZone: 'UTC', accessRole: 'reader' });
    calendar = (await connector.listCalendars()).find((candidate) => candidate.remoteId === CALENDAR_ID) as ProviderCalendar;
  });
  afterEach(async () => {
    await double.stop();
  });

  it('lists calendars with their zone and marks reader calendars read-only', async () => {
    expect(await connector.listCalendars()).toEqual([
      { remoteId: CALENDAR_ID, name: 'Work', timeZone: 'Europe/Zurich', readOnly: false },
      { remoteId: 'holidays@group.v.calendar.google.com', name: 'Holidays', timeZone: 'UTC', readOnly: true },
    ]);
  });

  describe('series', () => {
    it('writes a moved instance as an exception of the master, and edits the series in place', async () => {
      const content: ItemContent = { uid: 'series-1', events: [weekly()] };
      const created = await connector.create(calendar, content);
      const moved = event('Moved', { start: { dateTime: '2026-03-10T11:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-03-10T11:30:00', timeZone: 'America/New_York' }, originalStart: '2026-03-09T09:00:00' });
      const updated = await connector.update(calendar, created.remoteId, created.etag, { uid: 'series-1', events: [weekly('Weekly sync, renamed'), moved] });

      const stored = double.events(CALENDAR_ID);
      expect(stored).toHaveLength(2);
      const exception = stored.find((candidate) => candidate.recurringEventId);
      // 2026-03-09 09:00 in New York is 13:00 UTC: Google's instance id of that occurrence.
      expect(exception).toMatchObject({ id: `${created.remoteId}_20260309T130000Z`, recurringEventId: created.remoteId, summary: 'Moved', originalStartTime: { timeZone: 'America/New_York' } });
      expect(stored.find((candidate) => candidate.id === created.remoteId)).toMatchObject({ summary: 'Weekly sync, renamed', status: 'confirmed', sequence: 1 });
      expect(updated.remoteId).toBe(created.remoteId);
      expect(updated.events.map((member) => member.title)).toEqual(['Weekly sync, renamed', 'Moved']);
    });

    it('reads an instance another client deleted as an EXDATE, and an exception changed alone as its whole series', async () => {
      const created = await connector.create(calendar, { uid: 'series-2', events: [weekly(), event('Moved', { originalStart: '2026-03-09T09:00:00', start: { dateTime: '2026-03-09T10:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-03-09T10:30:00', timeZone: 'America/New_York' } })] });
      const { token } = await connector.pull(calendar, null);
      double.deleteEvent(CALENDAR_ID, `${created.remoteId}_20260316T130000Z`);
      double.patchEvent(CALENDAR_ID, `${created.remoteId}_20260309T130000Z`, { summary: 'Moved again' });

      const changes = await connector.pull(calendar, token);
      expect(changes.changed).toHaveLength(1);
      const [series] = changes.changed;
      expect(series?.remoteId).toBe(created.remoteId);
      expect(series?.events[0]?.recurrence?.exdates).toEqual(['2026-03-16T09:00:00']);
      expect(series?.events.slice(1).map((member) => member.title)).toEqual(['Moved again']);
      expect(series?.etag).toBe((await connector.get(calendar, created.remoteId))?.etag);
      expect(changes.deleted).toEqual([]);
    });

    it('reports a series deleted by another client once, as deleted', async () => {
      const created = await connector.create(calendar, { uid: 'series-3', events: [weekly(), event('Moved', { originalStart: '2026-03-09T09:00:00' })] });
      const { token } = await connector.pull(calendar, null);
      double.deleteEvent(CALENDAR_ID, created.remoteId);
      const changes = await connector.pull(calendar, token);
      expect(changes).toMatchObject({ changed: [], deleted: [created.remoteId] });
      expect(double.events(CALENDAR_ID).every((stored) => stored.status === 'cancelled')).toBe(true);
    });
  });

  describe('paging and sync tokens', () => {
    it('pulls every page of a full and of an incremental listing', async () => {
      for (let index = 0; index < 8; index += 1) double.insertEvent(CALENDAR_ID, { summary: `Event ${index}`, start: { dateTime: '2026-05-01T10:00:00Z' }, end: { dateTime: '2026-05-01T11:00:00Z' } });
      const listRequests = () => requestsMatching(double, (method, url) => method === 'GET' && url.pathname.endsWith('/events'));
      const counted = listRequests();
      const full = await connector.pull(calendar, null);
      expect(full.changed.map((item) => item.events[0]?.title).sort()).toEqual(['Event 0', 'Event 1', 'Event 2', 'Event 3', 'Event 4', 'Event 5', 'Event 6', 'Event 7']);
      expect(counted()).toBe(3);
      for (let index = 0; index < 4; index += 1) double.insertEvent(CALENDAR_ID, { summary: `Later ${index}`, start: { date: '2026-05-02' }, end: { date: '2026-05-03' } });
      const countedAgain = listRequests();
      const incremental = await connector.pull(calendar, full.token);
      expect(incremental.changed.map((item) => item.events[0]?.title).sort()).toEqual(['Later 0', 'Later 1', 'Later 2', 'Later 3']);
      expect(incremental.changed[0]?.events[0]?.start).toEqual({ date: '2026-05-02' });
      expect(countedAgain()).toBe(2);
    });

    it('refuses a sync token the server invalidated, even in the middle of paging', async () => {
      for (let index = 0; index < 2; index += 1) double.insertEvent(CALENDAR_ID, { summary: `Event ${index}`, start: { date: '2026-05-01' }, end: { date: '2026-05-02' } });
      const { token } = await connector.pull(calendar, null);
      for (let index = 0; index < 5; index += 1) double.insertEvent(CALENDAR_ID, { summary: `New ${index}`, start: { date: '2026-05-01' }, end: { date: '2026-05-02' } });
      double.onRequest = (_method, url) => {
        if (url.searchParams.has('pageToken')) double.invalidateSyncTokens();
      };
      await expect(connector.pull(calendar, token)).rejects.toBeInstanceOf(TokenInvalidError);
      double.onRequest = undefined;
      const full = await connector.pull(calendar, null);
      expect(full.changed).toHaveLength(7);
    });
  });

  describe('preconditions', () => {
    it('fails an update when the master changed between the connector reading the series and writing it', async () => {
      const created = await connector.create(calendar, { uid: 'race', events: [event('Race')] });
      double.onRequest = (method, url) => {
        if (method === 'PUT' && url.pathname.endsWith(created.remoteId)) {
          double.onRequest = undefined;
          double.patchEvent(CALENDAR_ID, created.remoteId, { summary: 'Edited on the phone' });
        }
      };
      await expect(connector.update(calendar, created.remoteId, created.etag, { uid: 'race', events: [event('Edited here')] })).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(double.event(CALENDAR_ID, created.remoteId)?.summary).toBe('Edited on the phone');
    });

    it('fails an update or a delete when only an exception changed elsewhere', async () => {
      const created = await connector.create(calendar, { uid: 'series-race', events: [weekly(), event('Moved', { originalStart: '2026-03-09T09:00:00' })] });
      double.patchEvent(CALENDAR_ID, `${created.remoteId}_20260309T130000Z`, { summary: 'Moved elsewhere' });
      await expect(connector.update(calendar, created.remoteId, created.etag, { uid: 'series-race', events: [weekly('Mine')] })).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(connector.delete(calendar, created.remoteId, created.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(double.event(CALENDAR_ID, created.remoteId)?.summary).toBe('Weekly sync');
    });

    it('creates a UID again after it was deleted, under a new id', async () => {
      const first = await connector.create(calendar, { uid: 'again', events: [event('Again')] });
      await connector.delete(calendar, first.remoteId, first.etag);
      const second = await connector.create(calendar, { uid: 'again', events: [event('Again, back')] });
      expect(second.remoteId).not.toBe(first.remoteId);
      await expect(connector.create(calendar, { uid: 'again', events: [event('Third')] })).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(connector.update(calendar, 'nosuchevent0', second.etag, { uid: 'x', events: [event('X')] })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('rate limits and outages', () => {
    it('turns 403 rateLimitExceeded and 429 with Retry-After into RateLimitedError, without retrying behind the reconciler', async () => {
      const before = double.counts.apiRequests;
      double.injectFaults({ status: 403, reason: 'rateLimitExceeded' });
      const limited = await connector.pull(calendar, null).catch((error: unknown) => error);
      expect(limited).toBeInstanceOf(RateLimitedError);
      expect((limited as RateLimitedError).retryAfterMs).toBeUndefined();

      double.injectFaults({ status: 429, reason: 'rateLimitExceeded', retryAfterSeconds: 7 }, { status: 429, reason: 'rateLimitExceeded', retryAfterSeconds: 2 });
      const throttled = await connector.pull(calendar, null).catch((error: unknown) => error);
      expect(throttled).toBeInstanceOf(RateLimitedError);
      expect((throttled as RateLimitedError).retryAfterMs).toBe(7000);
      const throttledWrite = await connector.create(calendar, { uid: 'busy', events: [event('Busy')] }).catch((error: unknown) => error);
      expect((throttledWrite as RateLimitedError).retryAfterMs).toBe(2000);
      expect(double.counts.apiRequests - before).toBe(3);
      expect(double.events(CALENDAR_ID)).toHaveLength(0);
    });

    it('turns 5xx into ProviderUnavailableError, and a write refused (a reader calendar, invalid content) into ItemRefusedError', async () => {
      double.injectFaults({ status: 503, reason: 'backendError' });
      await expect(connector.listCalendars()).rejects.toBeInstanceOf(ProviderUnavailableError);
      const holidays = (await connector.listCalendars()).find((candidate) => candidate.readOnly) as ProviderCalendar;
      await expect(connector.create(holidays, { uid: 'no', events: [event('No')] })).rejects.toBeInstanceOf(ItemRefusedError);
      const work = (await connector.listCalendars()).find((candidate) => candidate.remoteId === CALENDAR_ID) as ProviderCalendar;
      double.injectFaults({ status: 400, reason: 'invalid' });
      await expect(connector.create(work, { uid: 'bad', events: [event('Bad')] })).rejects.toBeInstanceOf(ItemRefusedError);
      // A 400 to a read is not an item's fault: the pass fails as a whole.
      double.injectFaults({ status: 400, reason: 'invalid' });
      await expect(connector.pull(work, null)).rejects.not.toBeInstanceOf(ItemRefusedError);
    });
  });

  describe('OAuth', () => {
    it('refreshes an access token when it expires, and once when the API refuses it early', async () => {
      const short = await startGoogleAccount({ double: { accessTokenLifetimeSeconds: 1 } });
      try {
        short.double.addCalendar({ id: CALENDAR_ID, summary: 'Work', timeZone: 'UTC' });
        await short.connector.listCalendars();
        expect(short.double.counts.refreshGrants).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        await short.connector.listCalendars();
        expect(short.double.counts.refreshGrants).toBe(2);

        short.double.setAccessTokenLifetime(3600);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        await short.connector.listCalendars();
        expect(short.double.counts.refreshGrants).toBe(3);
        short.double.expireAccessTokens();
        await short.connector.listCalendars();
        expect(short.double.counts.refreshGrants).toBe(4);
      } finally {
        await short.double.stop();
      }
    });

    it('answers a revoked refresh token with AuthExpiredError, for a new connector and one holding an access token', async () => {
      double.revokeRefreshToken(account.refreshToken);
      await expect(connector.pull(calendar, null)).rejects.toBeInstanceOf(AuthExpiredError);
      await expect(account.newConnector().listCalendars()).rejects.toBeInstanceOf(AuthExpiredError);
    });

    it('exchanges an authorization code with its PKCE verifier at the token endpoint, and refuses a wrong verifier', async () => {
      const client = new OAuth2Client({ clientId: TEST_CLIENT_ID, redirectUri: 'http://127.0.0.1:53682/', endpoints: { oauth2TokenUrl: double.tokenUrl } });
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const code = double.authorize(TEST_CLIENT_ID, challenge, 'http://127.0.0.1:53682/');
      const { tokens } = await client.getToken({ code, codeVerifier: verifier });
      expect(tokens.refresh_token).toBeTruthy();
      expect(tokens.expiry_date).toBeGreaterThan(Date.now());
      const stolen = double.authorize(TEST_CLIENT_ID, challenge, 'http://127.0.0.1:53682/');
      await expect(client.getToken({ code: stolen, codeVerifier: 'not-the-verifier' })).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
    });
  });
});

/** Counts the API requests from now on that match. */
function requestsMatching(double: GoogleCalendarDouble, matches: (method: string, url: URL) => boolean): () => number {
  let count = 0;
  const previous = double.onRequest;
  double.onRequest = (method, url) => {
    previous?.(method, url);
    if (matches(method, url)) count += 1;
  };
  return () => count;
}
