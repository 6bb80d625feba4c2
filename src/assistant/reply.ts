import type { TimeRange } from '../domain/ranges';
import type { AgendaAnswer, Answer, ChangePlan, EventAnswer, FreeTimeAnswer, Occurrence } from './plan';
import { hudDuration, listInWords, spokenDuration, type Phrasing } from './phrasing';
import { ruleInWords } from './rule-words';

/** What the person sees (one short sentence for the HUD or a notification) and hears (TTS). */
export interface Reply {
  reply: string;
  spoken: string;
}

/** The most occurrences an answer names before it says "and N more". */
const MAX_LISTED = 8;

const quoted = (title: string) => `'${title}'`;
const minutesOf = (o: Pick<Occurrence, 'startsAt' | 'endsAt'>) => Math.round((o.endsAt - o.startsAt) / 60_000);

/** The verbs of the HUD sentence: what was done, and what is proposed (before a confirmation). */
const VERBS = {
  done: { created: 'Added', blocked: 'Blocked', moved: 'Moved', changed: 'Changed', cancelled: 'Cancelled', renamed: 'Renamed', set: 'Set', invited: 'Invited', removed: 'Removed' },
  proposed: { created: 'Add', blocked: 'Block', moved: 'Move', changed: 'Change', cancelled: 'Cancel', renamed: 'Rename', set: 'Set', invited: 'Invite', removed: 'Remove' },
} as const;

/** The HUD sentence for a change; done, it is also the undo journal's label. */
export function changeSentence(plan: Omit<ChangePlan, 'label'>, say: Phrasing, tense: keyof typeof VERBS = 'done'): string {
  const { result: r } = plan;
  const v = VERBS[tense];
  const series = plan.scope === 'series';
  const title = series ? `every ${quoted(r.title)}` : quoted(r.title);
  const onDay = plan.scope === 'instance' ? ` on ${say.hudDate(say.dateOf(r.startsAt))}` : '';
  switch (plan.action) {
    case 'created':
      return `${v.created} ${title} ${say.hudWhen(r)}${plan.rule ? `, ${ruleInWords(plan.rule)}` : ''}`;
    case 'reminded': {
      const at = `${say.hudDate(say.dateOf(r.startsAt))} ${say.hudClock(r.startsAt)}`;
      return tense === 'done' ? `Reminder ${title} set for ${at}` : `Set a reminder ${title} for ${at}`;
    }
    case 'blocked':
      return `${v.blocked} ${title} ${say.hudWhen(r)}`;
    case 'moved':
      return series ? `${v.moved} ${title} to ${say.hudClock(r.startsAt)}–${say.hudClock(r.endsAt)}` : `${v.moved} ${title} to ${say.hudWhen(r)}`;
    case 'resized':
      return series ? `${v.changed} ${title} to ${hudDuration(minutesOf(r))}` : `${v.changed} ${title} to ${hudDuration(minutesOf(r))}: ${say.hudWhen(r)}`;
    case 'cancelled':
      if (series) return `${v.cancelled} ${title}`;
      return plan.scope === 'instance' ? `${v.cancelled} ${title} on ${say.hudWhen(r)}` : `${v.cancelled} ${title} (${say.hudWhen(r)})`;
    case 'renamed':
      return `${v.renamed} ${series ? 'every ' : ''}${quoted(plan.previousTitle ?? '')}${onDay} to ${quoted(r.title)}`;
    case 'relocated':
      return `${v.set} the location of ${title}${onDay} to ${r.location ?? ''}`;
    case 'invited':
      return `${v.invited} ${listInWords(plan.people ?? [])} to ${title}${onDay}`;
    case 'uninvited':
      return `${v.removed} ${listInWords(plan.people ?? [])} from ${title}${onDay}`;
  }
}

export function spokenChange(plan: ChangePlan, say: Phrasing): string {
  const { result: r } = plan;
  const series = plan.scope === 'series';
  const title = series ? `every ${r.title}` : r.title;
  const onDay = plan.scope === 'instance' ? ` ${say.spokenDate(say.dateOf(r.startsAt))}` : '';
  switch (plan.action) {
    case 'created':
      return `Added ${title} ${say.spokenWhen(r)}${plan.rule ? `, ${ruleInWords(plan.rule)}` : ''}.`;
    case 'reminded':
      return `Reminder set for ${say.spokenAt(r.startsAt, true)}: ${r.title}.`;
    case 'blocked':
      return `Blocked ${spokenDuration(minutesOf(r))} for ${r.title} ${say.spokenWhen(r)}.`;
    case 'moved':
      if (r.allDay) return `Moved ${title} to ${say.spokenDate(say.dateOf(r.startsAt), true)}.`;
      return series ? `Every ${r.title} now starts at ${say.spokenClock(r.startsAt)}.` : `Moved ${title} to ${say.spokenAt(r.startsAt, true)}.`;
    case 'resized':
      return `${series ? `Every ${r.title}` : r.title} now lasts ${spokenDuration(minutesOf(r))}.`;
    case 'cancelled':
      return series ? `Cancelled ${title}.` : `Cancelled ${title} ${r.allDay ? say.spokenDate(say.dateOf(r.startsAt)) : say.spokenAt(r.startsAt)}.`;
    case 'renamed':
      return `Renamed ${series ? 'every ' : ''}${plan.previousTitle ?? ''}${onDay} to ${r.title}.`;
    case 'relocated':
      return `${title}${onDay} is now at ${r.location ?? ''}.`;
    case 'invited':
      return `Invited ${listInWords(plan.people ?? [])} to ${title}${onDay}.`;
    case 'uninvited':
      return `Removed ${listInWords(plan.people ?? [])} from ${title}${onDay}.`;
  }
}

export function answerReply(answer: Answer, say: Phrasing): Reply {
  switch (answer.type) {
    case 'agenda':
      return agendaReply(answer, say);
    case 'events':
      return eventsReply(answer, say);
    case 'free':
      return freeReply(answer, say);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function byDay<T>(items: readonly T[], instantOf: (item: T) => number, say: Phrasing): [string, T[]][] {
  const days = new Map<string, T[]>();
  for (const item of items) {
    const day = say.dateOf(instantOf(item));
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days.entries()];
}

function more(count: number): string {
  return count > 0 ? ` and ${count} more` : '';
}

function agendaReply(answer: AgendaAnswer, say: Phrasing): Reply {
  const heading = say.hudWindow(answer.window);
  const spokenWindow = say.spokenWindow(answer.window);
  if (answer.entries.length === 0) return { reply: `Nothing on ${heading}.`, spoken: `You have nothing ${spokenWindow}.` };
  const listed = answer.entries.slice(0, MAX_LISTED);
  const rest = answer.entries.length - listed.length;
  const line = (o: Occurrence) => `${o.title} ${o.allDay ? '(all day)' : say.hudClock(o.startsAt)}`;
  const days = byDay(listed, (o) => Math.max(o.startsAt, answer.window.start), say);
  const text =
    days.length === 1
      ? `${heading}: ${listed.map(line).join(', ')}${more(rest)}.`
      : `${days.map(([day, items]) => `${say.hudDate(day)}: ${items.map(line).join(', ')}`).join('; ')}${more(rest)}.`;
  const spokenLine = (o: Occurrence) => (o.allDay ? `${o.title}, all day` : `${o.title} ${days.length === 1 ? '' : `${say.spokenDate(say.dateOf(o.startsAt))} `}at ${say.spokenClock(o.startsAt)}`);
  const count = answer.entries.length === 1 ? 'one event' : `${answer.entries.length} events`;
  return { reply: text, spoken: `${capitalized(spokenWindow)} you have ${count}: ${listInWords(listed.map(spokenLine))}${more(rest)}.` };
}

function eventsReply(answer: EventAnswer, say: Phrasing): Reply {
  if (answer.entries.length === 0) return { reply: 'Nothing is coming up.', spoken: 'You have nothing coming up.' };
  return {
    reply: `${answer.entries.map((o) => `${quoted(o.title)} is ${say.hudWhen(o)}`).join('; ')}.`,
    spoken: `${answer.entries.map((o) => `${o.title} is ${say.spokenWhen(o)}`).join('; ')}.`,
  };
}

function freeReply(answer: FreeTimeAnswer, say: Phrasing): Reply {
  const heading = say.hudWindow(answer.window);
  if (answer.free.length === 0) {
    return { reply: `No free ${hudDuration(answer.minutes)} ${heading}.`, spoken: `You have no free ${spokenDuration(answer.minutes)} ${say.spokenWindow(answer.window)}.` };
  }
  const listed = answer.free.slice(0, MAX_LISTED);
  const rest = answer.free.length - listed.length;
  const days = byDay(listed, (range) => range.start, say);
  const clock = (range: TimeRange) => `${say.hudClock(range.start)}–${say.hudClock(range.end)}`;
  const text = `Free ${days.map(([day, ranges]) => `${say.hudDate(day)} ${ranges.map(clock).join(', ')}`).join('; ')}${more(rest)}.`;
  const spoken = `You're free ${days.map(([day, ranges]) => `${say.spokenDate(day)} ${listInWords(ranges.map((r) => say.spokenSpan(r.start, r.end)))}`).join('; ')}${more(rest)}.`;
  return { reply: text, spoken };
}
