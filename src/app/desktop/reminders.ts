import type { ApiClient } from '../../api/client';
import type { AgendaEntry } from '../../domain/agenda';
import { SNOOZE_MS } from './notifications';

export interface ReminderRules {
  /** How long before a meeting (an opaque, timed event) to announce it. */
  meetingLeadMs: number;
}

export const DEFAULT_REMINDER_RULES: ReminderRules = { meetingLeadMs: 5 * 60_000 };

/**
 * When an entry is announced: reminders (the assistant makes them short "free" events) at their
 * start, meetings a few minutes before. All-day and cancelled entries are not announced.
 */
export function announceAt(entry: AgendaEntry, rules: ReminderRules = DEFAULT_REMINDER_RULES): number | undefined {
  if (entry.allDay || entry.status === 'cancelled') return undefined;
  return entry.transparency === 'transparent' ? entry.startsAt : entry.startsAt - rules.meetingLeadMs;
}

/**
 * Finds what falls due between two checks. Each check covers (since, now], so nothing is announced
 * twice and nothing is missed between ticks; a machine that slept announces only what is still
 * ahead or under way, not a morning's worth of stale reminders.
 */
export class ReminderSchedule {
  private since: number;
  private readonly snoozed = new Map<string, { entry: AgendaEntry; at: number }>();

  constructor(
    private readonly client: ApiClient,
    now: number,
    private readonly rules: ReminderRules = DEFAULT_REMINDER_RULES,
  ) {
    this.since = now;
  }

  async due(now: number): Promise<AgendaEntry[]> {
    if (now <= this.since) return [];
    const from = this.since;
    this.since = now;
    const lookahead = Math.max(this.rules.meetingLeadMs, 0);
    const agenda = await this.client.send('agenda.list', { from: new Date(from).toISOString(), to: new Date(now + lookahead + 1).toISOString() });
    const fresh = agenda.entries.filter((entry) => {
      const at = announceAt(entry, this.rules);
      return at !== undefined && at > from && at <= now && entry.endsAt > now;
    });
    const woken = [...this.snoozed.entries()].filter(([, s]) => s.at <= now);
    for (const [key] of woken) this.snoozed.delete(key);
    return [...fresh, ...woken.map(([, s]) => s.entry)];
  }

  snooze(entry: AgendaEntry, now: number): void {
    this.snoozed.set(`${entry.eventId}@${entry.originalStart}`, { entry, at: now + SNOOZE_MS });
  }
}
