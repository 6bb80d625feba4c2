import type { CalendarEvent } from '../../../src/domain/event';
import type { EventMutation, Mutation } from '../../../src/sync/mutations';
import type { Caller } from '../../auth/authenticate';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrations';
import { pushMutations } from '../../push';
import { mutation, testCalendar } from '../../testing';
import type { ProviderCalendar, ProviderEvent } from '../connector';
import { itemsByIds } from '../local-side';
import { sortedEvents, toProviderEvent, type LocalItem } from '../items';
import { linkCalendar, linkedCalendars, type LinkedCalendar } from '../status';

/**
 * A user on the server with one calendar linked to a provider calendar, and the means to change
 * the server's side as a device would (through push, so the same merge rules apply).
 */
export class ReconcileFixture {
  private constructor(
    readonly db: Database,
    readonly caller: Caller,
    readonly accountId: string,
    readonly calendarId: string,
    readonly remote: ProviderCalendar,
  ) {}

  static async create(db: Database, kind = 'memory'): Promise<ReconcileFixture> {
    await migrate(db);
    const userId = crypto.randomUUID();
    const deviceId = crypto.randomUUID();
    const accountId = crypto.randomUUID();
    await db.query('insert into users (id) values ($1)', [userId]);
    await db.query(`insert into devices (id, user_id, name, public_key, key_thumbprint) values ($1, $2, 'Test device', '{}'::jsonb, $3)`, [deviceId, userId, `thumb-${deviceId}`]);
    await db.query(`insert into provider_accounts (id, user_id, kind, label, config, sealed_secret) values ($1, $2, $3, 'test account', '{}'::jsonb, '{}'::jsonb)`, [
      accountId,
      userId,
      kind,
    ]);
    const calendarId = `cal-${accountId.slice(0, 8)}`;
    const remote: ProviderCalendar = { remoteId: `remote-${calendarId}`, name: 'Work', readOnly: false };
    const fixture = new ReconcileFixture(db, { userId, deviceId }, accountId, calendarId, remote);
    await fixture.push([mutation<Mutation>('putCalendar', { calendar: testCalendar(calendarId) })]);
    await linkCalendar(db, { accountId, userId, calendarId, remote });
    return fixture;
  }

  async linked(): Promise<LinkedCalendar> {
    const calendar = (await linkedCalendars(this.db, this.accountId)).find((c) => c.calendarId === this.calendarId);
    if (!calendar) throw new Error('the fixture calendar is not linked');
    return calendar;
  }

  async push(mutations: Mutation[]): Promise<void> {
    const outcome = await pushMutations(this.db, this.caller, mutations);
    const refused = outcome.results.find((result) => result.status === 'rejected');
    if (refused) throw new Error(`the server refused a mutation: ${refused.error?.message}`);
  }

  async createEvent(event: Omit<CalendarEvent, 'calendarId'>): Promise<void> {
    await this.push([mutation<EventMutation>('createEvent', { event: { ...event, calendarId: this.calendarId } })]);
  }

  async updateEvent(eventId: string, patch: Extract<EventMutation, { name: 'updateEvent' }>['args']['patch']): Promise<void> {
    await this.push([mutation<EventMutation>('updateEvent', { eventId, patch })]);
  }

  async deleteEvent(eventId: string): Promise<void> {
    await this.push([mutation<EventMutation>('deleteEvent', { eventId })]);
  }

  /** Live items of the calendar, master first in each. */
  async liveItems(): Promise<LocalItem[]> {
    const rows = await this.db.query<{ id: string }>(
      `select id from events where user_id = $1 and calendar_id = $2 and series_id is null and not deleted order by id`,
      [this.caller.userId, this.calendarId],
    );
    const items = await itemsByIds(
      this.db,
      this.caller.userId,
      rows.map((row) => row.id),
    );
    return [...items.values()].filter((item) => !item.deleted);
  }

  async liveEvents(): Promise<ProviderEvent[][]> {
    return (await this.liveItems()).map((item) => sortedEvents(item.events.map(toProviderEvent)));
  }
}

/** A stable text form of an item's events, for comparing the two sides as multisets. */
export function canonicalItem(events: readonly ProviderEvent[]): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  };
  return JSON.stringify(sortKeys(sortedEvents(events)));
}
