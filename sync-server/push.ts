import type { Calendar, CalendarEvent } from '../src/domain/event';
import { eventIdOf, type EventMutation, type Mutation } from '../src/sync/mutations';
import type { FieldConflict, MutationResult } from '../src/sync/protocol';
import type { Caller } from './auth/authenticate';
import type { Database, Queryable } from './db/database';
import { calendarsTouched, mergeCalendar, mergeEventMutation, type FieldVersions, type Rejection, type StoredEvent, type TrackedField } from './merge';

export interface PushOutcome {
  /** One per mutation that committed, in order; fewer than sent when the server failed midway. */
  results: MutationResult[];
  /** The user's newest committed version after this push. */
  version: number;
  /** Whether this push committed anything new (other devices then need a poke). */
  committedNew: boolean;
  /** What stopped the push before its end, if anything. */
  failure?: unknown;
}

/**
 * Applies a device's mutations in order, each in its own transaction, so every answer given is
 * for a committed mutation. A failure of the server itself ends the push there: the mutations
 * before it stay acknowledged, the rest are for the client to send again.
 */
export async function pushMutations(db: Database, caller: Caller, mutations: readonly Mutation[]): Promise<PushOutcome> {
  const outcome: PushOutcome = { results: [], version: 0, committedNew: false };
  for (const mutation of mutations) {
    try {
      const { result, userVersion, committedNew } = await db.transaction((tx) => applyOnce(tx, caller, mutation));
      outcome.results.push(result);
      outcome.version = userVersion;
      outcome.committedNew ||= committedNew;
    } catch (failure) {
      if (outcome.results.length === 0) throw failure;
      outcome.failure = failure;
      break;
    }
  }
  return outcome;
}

/**
 * What a mutation does, decided from the stored state: nothing new (a rejection, or nothing to
 * change), or a write under a new version. Statements are few on purpose: each is a round trip,
 * and on PGlite a costly one. An applied mutation takes five: begin, lock, read, write, commit.
 */
type Decision = { kind: 'settled'; result: MutationResult } | { kind: 'write'; write(tx: Queryable, bookkeeping: Bookkeeping): Promise<number>; conflicts: FieldConflict[] };

/**
 * The parameters $1 to $8 of a write statement that ends with APPLIED_BOOKKEEPING (user, device,
 * mutation id and name, the result without its version, entity kind and id, audit action); the
 * write's own parameters follow from $9.
 */
type Bookkeeping = readonly [string, string, string, string, string, 'event' | 'calendar', string, string];

/**
 * Appended to a statement whose CTE `written` returns the new `version`: remembers the result
 * (so a replay gets the same answer), logs the change, advances the user's version, audits.
 */
const APPLIED_BOOKKEEPING = `
  , remembered as (
    insert into applied_mutations (device_id, mutation_id, user_id, name, result)
    select $2, $3, $1, $4, $5::jsonb || jsonb_build_object('version', version) from written
  ), logged as (
    insert into change_log (version, user_id, kind, entity_id, device_id, mutation_id)
    select version, $1, $6, $7, $2, $3 from written
  ), advanced as (
    update users set version = written.version from written where users.id = $1
  )
  insert into audit_log (user_id, device_id, action, outcome, mutation_id, version)
  select $1, $2, $8, 'applied', $3, version from written
  returning version`;

/**
 * One mutation, at most once per (device, mutation id). The user's row is locked first: it
 * serialises this user's writers, so versions commit in the order they are taken and a pull can
 * never see version N+1 before N; and a replay racing its original finds the original's record.
 */
async function applyOnce(tx: Queryable, caller: Caller, mutation: Mutation): Promise<{ result: MutationResult; userVersion: number; committedNew: boolean }> {
  const [user] = await tx.query<{ version: number; result: MutationResult | null }>(
    `select u.version, m.result from users u
       left join applied_mutations m on m.device_id = $2 and m.mutation_id = $3
     where u.id = $1 for update of u`,
    [caller.userId, caller.deviceId, mutation.id],
  );
  if (!user) throw new Error(`user ${caller.userId} vanished while its device was pushing`);
  if (user.result) return { result: replayOf(user.result), userVersion: user.version, committedNew: false };

  const decision = mutation.name === 'putCalendar' ? await decideCalendar(tx, caller, mutation.id, mutation.args.calendar) : await decideEvent(tx, caller, mutation);
  if (decision.kind === 'settled') {
    await recordSettled(tx, caller, mutation, decision.result);
    return { result: decision.result, userVersion: user.version, committedNew: false };
  }
  const result: MutationResult = { mutationId: mutation.id, status: 'applied', conflicts: decision.conflicts };
  const bookkeeping: Bookkeeping = [
    caller.userId,
    caller.deviceId,
    mutation.id,
    mutation.name,
    JSON.stringify(result),
    mutation.name === 'putCalendar' ? 'calendar' : 'event',
    mutation.name === 'putCalendar' ? mutation.args.calendar.id : eventIdOf(mutation),
    `push.${mutation.name}`,
  ];
  const version = await decision.write(tx, bookkeeping);
  return { result: { ...result, version }, userVersion: version, committedNew: true };
}

/** A replay answers what the original did: `duplicate` for an applied one, the same rejection otherwise. */
function replayOf(stored: MutationResult): MutationResult {
  return stored.status === 'applied' ? { ...stored, status: 'duplicate' } : stored;
}

function rejected(mutationId: string, rejection: Rejection): Decision {
  return { kind: 'settled', result: { mutationId, status: 'rejected', conflicts: [], error: { code: rejection.code, message: rejection.message } } };
}

/** Already as the mutation wants it: acknowledged with the version that made it so. */
function unchanged(mutationId: string, version: number): Decision {
  return { kind: 'settled', result: { mutationId, status: 'applied', version, conflicts: [] } };
}

/** A mutation that wrote nothing still leaves its answer, for replays, and an audit line. */
async function recordSettled(tx: Queryable, caller: Caller, mutation: Mutation, result: MutationResult): Promise<void> {
  await tx.query(
    `with remembered as (
       insert into applied_mutations (device_id, mutation_id, user_id, name, result) values ($2, $3, $1, $4, $5::jsonb)
     )
     insert into audit_log (user_id, device_id, action, outcome, mutation_id, version) values ($1, $2, $6, $7, $3, $8)`,
    [
      caller.userId,
      caller.deviceId,
      mutation.id,
      mutation.name,
      JSON.stringify(result),
      `push.${mutation.name}`,
      result.status === 'rejected' ? `rejected:${result.error?.code}` : 'applied',
      result.version ?? null,
    ],
  );
}

async function decideCalendar(tx: Queryable, caller: Caller, mutationId: string, calendar: Calendar): Promise<Decision> {
  const [stored] = await tx.query<{ data: Calendar; version: number; deleted: boolean }>('select data, version, deleted from calendars where user_id = $1 and id = $2', [
    caller.userId,
    calendar.id,
  ]);
  // A removed calendar put again is a new one.
  const row = stored?.deleted ? undefined : stored;
  const outcome = mergeCalendar(row?.data, calendar);
  if (outcome.kind === 'rejected') return rejected(mutationId, outcome);
  if (outcome.kind === 'unchanged') return unchanged(mutationId, row!.version);
  return {
    kind: 'write',
    conflicts: [],
    async write(q, bookkeeping) {
      const [row] = await q.query<{ version: number }>(
        `with written as (
           insert into calendars (user_id, id, data, read_only, version)
           select $1, $9, $10::jsonb, $11, nextval('change_version')
           on conflict (user_id, id) do update set data = excluded.data, read_only = excluded.read_only, version = excluded.version, deleted = false
           returning version
         )${APPLIED_BOOKKEEPING}`,
        [...bookkeeping, calendar.id, JSON.stringify(outcome.calendar), outcome.calendar.readOnly],
      );
      return row!.version;
    },
  };
}

interface CalendarAccess {
  id: string;
  name: string;
  readOnly: boolean;
}

/** The calendars a mutation names outright (the stored event's own calendar is found in SQL). */
function calendarsNamedBy(mutation: EventMutation): string[] {
  if (mutation.name === 'createEvent') return [mutation.args.event.calendarId];
  if (mutation.name === 'updateEvent' && mutation.args.patch.calendarId !== undefined) return [mutation.args.patch.calendarId];
  return [];
}

/** The stored event (if any) and every calendar of the user's that the mutation could touch. */
async function loadEvent(tx: Queryable, userId: string, mutation: EventMutation): Promise<{ stored: StoredEvent | undefined; calendars: CalendarAccess[] }> {
  const [row] = await tx.query<{ data: CalendarEvent | null; deleted: boolean; version: number; field_versions: FieldVersions; calendars: CalendarAccess[] }>(
    `select e.data, e.deleted, e.version, e.field_versions,
       coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'name', c.data->>'name', 'readOnly', c.read_only))
                 from calendars c
                 where c.user_id = $1 and not c.deleted and (c.id = e.calendar_id or c.id in (select jsonb_array_elements_text($3::jsonb)))), '[]'::jsonb) as calendars
     from (values (1)) as one left join events e on e.user_id = $1 and e.id = $2`,
    [userId, eventIdOf(mutation), JSON.stringify(calendarsNamedBy(mutation))],
  );
  const stored = row?.data ? { event: row.data, deleted: row.deleted, version: row.version, fieldVersions: row.field_versions } : undefined;
  return { stored, calendars: row?.calendars ?? [] };
}

/** The user's own calendars only, and none that is read-only. */
function calendarRefusal(touched: readonly string[], calendars: readonly CalendarAccess[]): Rejection | undefined {
  for (const id of touched) {
    const calendar = calendars.find((c) => c.id === id);
    if (!calendar) return { kind: 'rejected', code: 'forbidden', message: `the calendar "${id}" is not one of this account's calendars` };
    if (calendar.readOnly) return { kind: 'rejected', code: 'read-only', message: `the calendar "${calendar.name}" is read-only` };
  }
  return undefined;
}

async function decideEvent(tx: Queryable, caller: Caller, mutation: EventMutation): Promise<Decision> {
  const { stored, calendars } = await loadEvent(tx, caller.userId, mutation);
  const outcome = mergeEventMutation(stored, mutation);
  if (outcome.kind === 'rejected') return rejected(mutation.id, outcome);
  if (outcome.kind === 'unchanged') return unchanged(mutation.id, stored!.version);
  const refusal = calendarRefusal(calendarsTouched(stored, outcome.event), calendars);
  if (refusal) return rejected(mutation.id, refusal);
  return {
    kind: 'write',
    conflicts: outcome.conflicts,
    async write(q, bookkeeping) {
      if (outcome.deleted) await deleteExceptions(q, caller, outcome.event.id, mutation.id);
      return writeEvent(q, bookkeeping, outcome.event, outcome.deleted, stored?.fieldVersions ?? {}, outcome.changed);
    },
  };
}

/** Upserts the event under a new version, which the fields it changed take as theirs. */
async function writeEvent(
  tx: Queryable,
  bookkeeping: Bookkeeping,
  event: CalendarEvent,
  deleted: boolean,
  fieldVersions: FieldVersions,
  changed: readonly TrackedField[],
): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    `with change as (select nextval('change_version') as version), written as (
       insert into events (user_id, id, calendar_id, series_id, data, deleted, version, field_versions)
       select $1, $9, $10, $11, $12::jsonb, $13, change.version,
         $14::jsonb || coalesce((select jsonb_object_agg(field, change.version) from jsonb_array_elements_text($15::jsonb) as field), '{}'::jsonb)
       from change
       on conflict (user_id, id) do update set calendar_id = excluded.calendar_id, series_id = excluded.series_id, data = excluded.data,
         deleted = excluded.deleted, version = excluded.version, field_versions = excluded.field_versions
       returning version
     )${APPLIED_BOOKKEEPING}`,
    [...bookkeeping, event.id, event.calendarId, event.seriesId ?? null, JSON.stringify(event), deleted, JSON.stringify(fieldVersions), JSON.stringify(changed)],
  );
  return row!.version;
}

/** Deleting a series master deletes its live exceptions too, each with its own version, before it. */
async function deleteExceptions(tx: Queryable, caller: Caller, masterId: string, mutationId: string): Promise<void> {
  const rows = await tx.query<{ id: string }>('select id from events where user_id = $1 and series_id = $2 and not deleted order by id', [caller.userId, masterId]);
  for (const { id } of rows) {
    await tx.query(
      `with written as (
         update events set deleted = true, version = nextval('change_version') where user_id = $1 and id = $2 returning version
       )
       insert into change_log (version, user_id, kind, entity_id, device_id, mutation_id) select version, $1, 'event', $2, $3, $4 from written`,
      [caller.userId, id, caller.deviceId, mutationId],
    );
  }
}
