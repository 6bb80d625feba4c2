import type { Database } from 'better-sqlite3';

/** The embedding width of the offline sentence encoder (Universal Sentence Encoder lite). */
export const EMBEDDING_DIMENSIONS = 512;

/**
 * Versioned migrations, run in order inside one transaction on open; `PRAGMA user_version` says
 * how many have run. Append only: a released migration is never edited.
 */
export const migrations: ReadonlyArray<(db: Database) => void> = [
  (db) =>
    db.exec(`
      create table meta (key text primary key, value text not null) strict;

      create table calendars (
        id text primary key,
        name text not null,
        color text,
        time_zone text not null,
        read_only integer not null default 0,
        created_at integer not null
      ) strict;

      create table events (
        row_id integer primary key,
        id text not null unique,
        calendar_id text not null references calendars(id),
        series_id text references events(id) on delete cascade,
        original_start text,
        recurring integer not null,
        data text not null,
        expanded_until integer,
        updated_at integer not null,
        -- The event as the sync server last confirmed it (null: not yet confirmed) and its version
        -- there. The row's data is this plus the still-pending outbox mutations (docs/sync.md).
        confirmed text,
        server_version integer
      ) strict;
      create index events_by_series on events(series_id) where series_id is not null;
      create index events_by_calendar on events(calendar_id);
      create index events_series_horizon on events(expanded_until) where recurring = 1;

      -- Materialised instances, clustered by (span class, start) so an agenda query is a few
      -- contiguous range scans whatever the recurrence rules, and carrying what an agenda line
      -- shows so it needs no join. Timed rows hold instants; all-day rows hold floating times
      -- that the query places in the viewer's zone. See docs/store.md.
      create table occurrences (
        span_class integer not null,
        start_key integer not null,
        event_row integer not null references events(row_id) on delete cascade,
        original_start text not null,
        end_key integer not null,
        start_local text not null,
        end_local text not null,
        event_id text not null,
        calendar_id text not null,
        series_id text,
        title text not null,
        location text,
        status text not null,
        transparency text not null,
        recurring integer not null,
        start_zone text,
        end_zone text,
        primary key (span_class, start_key, event_row, original_start)
      ) strict, without rowid;
      create index occurrences_by_event on occurrences(event_row, original_start);
      create index occurrences_long_by_end on occurrences(end_key) where span_class = 3;

      create table outbox (
        seq integer primary key autoincrement,
        mutation_id text not null unique,
        name text not null,
        event_id text,
        mutation text not null,
        created_at text not null,
        state text not null default 'pending' check (state in ('pending', 'acked', 'rejected')),
        attempts integer not null default 0,
        last_error text
      ) strict;
      create index outbox_pending on outbox(seq) where state = 'pending';
      create index outbox_pending_by_event on outbox(event_id, seq) where state = 'pending';

      create table change_sets (
        id integer primary key autoincrement,
        label text not null,
        created_at integer not null,
        undone_at integer,
        undoes integer references change_sets(id)
      ) strict;

      create table change_set_items (
        change_set_id integer not null references change_sets(id) on delete cascade,
        position integer not null,
        event_id text not null,
        before text,
        after text,
        primary key (change_set_id, position)
      ) strict;

      -- Exact vectors for re-ranking, and their sign bits in sqlite-vec for the first pass.
      create table event_vectors (event_row integer primary key references events(row_id) on delete cascade, vector blob not null) strict;
      create virtual table event_vector_bits using vec0(bits bit[${EMBEDDING_DIMENSIONS}]);
    `),
  // The assistant's command log (docs/assistant.md): what was said, understood, planned and done, with timings.
  (db) =>
    db.exec(`
      create table command_log (
        id integer primary key autoincrement,
        at integer not null,
        transcript text not null,
        command text not null,
        plan text not null,
        outcome text not null check (outcome in ('applied', 'asked', 'failed', 'undone', 'answered', 'dismissed')),
        reply text not null,
        change_set_id integer references change_sets(id),
        parse_ms real not null,
        resolve_ms real not null,
        plan_ms real not null,
        apply_ms real not null,
        total_ms real not null
      ) strict;
      create index command_log_by_time on command_log(at);
    `),
  // Cloud models (docs/ai.md): which engine understood each command, and the audit log of every
  // request that left the machine — sizes, tokens, timing and outcome, never content.
  (db) =>
    db.exec(`
      alter table command_log add column engine text not null default 'local' check (engine in ('local', 'openai', 'anthropic'));

      create table ai_calls (
        id integer primary key autoincrement,
        at integer not null,
        provider text not null check (provider in ('openai', 'anthropic')),
        model text not null,
        purpose text not null check (purpose in ('command', 'summary', 'chat')),
        request_bytes integer not null,
        response_bytes integer not null,
        redactions integer not null,
        latency_ms real not null,
        input_tokens integer not null,
        output_tokens integer not null,
        outcome text not null,
        fallback integer not null check (fallback in (0, 1))
      ) strict;
      create index ai_calls_by_time on ai_calls(at);
    `),
];
