import type { Database, Statement } from 'better-sqlite3';

export type CommandOutcome = 'applied' | 'asked' | 'failed' | 'undone' | 'answered' | 'dismissed';

/** What understood the command: the local parser, or a cloud model below its confidence threshold. */
export type CommandEngine = 'local' | 'openai' | 'anthropic';

/** Milliseconds spent in each stage of one assistant turn. */
export interface StageLatency {
  parse: number;
  resolve: number;
  plan: number;
  apply: number;
  total: number;
}

export interface NewCommandLogEntry {
  at: number;
  transcript: string;
  /** The Command and the Plan as the assistant made them; kept as JSON for Insights and debugging. */
  command: unknown;
  plan: unknown;
  outcome: CommandOutcome;
  reply: string;
  /** The change set an applied plan (or an undo) wrote. */
  changeSetId?: number;
  latency: StageLatency;
  /** The local parser when absent. */
  engine?: CommandEngine;
}

export interface CommandLogEntry extends NewCommandLogEntry {
  id: number;
  engine: CommandEngine;
}

interface CommandLogRow {
  id: number;
  at: number;
  transcript: string;
  command: string;
  plan: string;
  outcome: CommandOutcome;
  reply: string;
  change_set_id: number | null;
  parse_ms: number;
  resolve_ms: number;
  plan_ms: number;
  apply_ms: number;
  total_ms: number;
  engine: CommandEngine;
}

/** The assistant's turns, newest last: what was said, what it became, and how long each stage took. */
export class CommandLog {
  private readonly insert: Statement;
  private readonly newest: Statement<[number], CommandLogRow>;

  constructor(db: Database) {
    this.insert = db.prepare(
      `insert into command_log (at, transcript, command, plan, outcome, reply, change_set_id, parse_ms, resolve_ms, plan_ms, apply_ms, total_ms, engine)
       values (@at, @transcript, @command, @plan, @outcome, @reply, @changeSetId, @parse, @resolve, @plan_, @apply, @total, @engine)`,
    );
    this.newest = db.prepare<[number], CommandLogRow>('select * from command_log order by id desc limit ?');
  }

  record(entry: NewCommandLogEntry): number {
    const { parse, resolve, plan, apply, total } = entry.latency;
    const result = this.insert.run({
      at: entry.at,
      transcript: entry.transcript,
      command: JSON.stringify(entry.command),
      plan: JSON.stringify(entry.plan),
      outcome: entry.outcome,
      reply: entry.reply,
      changeSetId: entry.changeSetId ?? null,
      parse,
      resolve,
      plan_: plan,
      apply,
      total,
      engine: entry.engine ?? 'local',
    });
    return Number(result.lastInsertRowid);
  }

  /** The newest `limit` entries, newest first. */
  recent(limit: number): CommandLogEntry[] {
    return this.newest.all(limit).map((row) => ({
      id: row.id,
      at: row.at,
      transcript: row.transcript,
      command: JSON.parse(row.command) as unknown,
      plan: JSON.parse(row.plan) as unknown,
      outcome: row.outcome,
      reply: row.reply,
      ...(row.change_set_id !== null && { changeSetId: row.change_set_id }),
      latency: { parse: row.parse_ms, resolve: row.resolve_ms, plan: row.plan_ms, apply: row.apply_ms, total: row.total_ms },
      engine: row.engine,
    }));
  }
}
