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
        title text not null,
        location text,
        status text not null,
        transparency text not null,
        all_day integer not null,
        recurring integer not null,
        start_zone text,
        end_zone text,
        data text not null,
        expanded_until integer,
        updated_at integer not null
      ) strict;
      create index events_by_series on events(series_id) where series_id is not null;
      create index events_by_calendar on events(calendar_id);

      -- Materialised instances: an agenda query is one index range scan, whatever the rules.
      -- Timed rows hold instants; all-day rows hold floating times that the query places in the
      -- viewer's zone. Rows longer than a week are flagged so the scan's lower bound stays tight.
      create table occurrences (
        event_row integer not null references events(row_id) on delete cascade,
        original_start text not null,
        start_local text not null,
        end_local text not null,
        start_key integer not null,
        end_key integer not null,
        floating integer not null,
        long_span integer not null,
        primary key (event_row, original_start)
      ) strict, without rowid;
      create index occurrences_by_start on occurrences(start_key, end_key);
      create index occurrences_long on occurrences(end_key) where long_span = 1;

      create table outbox (
        seq integer primary key autoincrement,
        mutation_id text not null unique,
        name text not null,
        mutation text not null,
        created_at text not null,
        state text not null default 'pending' check (state in ('pending', 'acked', 'rejected')),
        attempts integer not null default 0,
        last_error text
      ) strict;
      create index outbox_pending on outbox(seq) where state = 'pending';

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

      create virtual table event_embeddings using vec0(
        embedding float[${EMBEDDING_DIMENSIONS}] distance_metric=cosine,
        embedding_bits bit[${EMBEDDING_DIMENSIONS}]
      );
    `),
];
