import { isAllDayTime, type CalendarEvent } from './event';
import { isValidRule } from './recurrence';
import { floatingMs, localToInstant } from './time';

/** What is wrong with an event that passed the schema, in words for the user; empty when fine. */
export function eventProblems(event: CalendarEvent): string[] {
  const problems: string[] = [];
  const startAllDay = isAllDayTime(event.start);
  if (startAllDay !== isAllDayTime(event.end)) {
    problems.push('start and end must both be dates (all-day) or both be date-times');
  } else if (startAllDay) {
    const start = floatingMs((event.start as { date: string }).date);
    const end = floatingMs((event.end as { date: string }).date);
    if (end <= start) problems.push('an all-day event must end at least one day after it starts');
  } else {
    const start = event.start as { dateTime: string; timeZone: string };
    const end = event.end as { dateTime: string; timeZone: string };
    if (localToInstant(end.dateTime, end.timeZone) <= localToInstant(start.dateTime, start.timeZone)) {
      problems.push('the event must end after it starts');
    }
  }
  if (event.recurrence && !isValidRule(event.recurrence.rule)) problems.push(`"${event.recurrence.rule}" is not a valid recurrence rule`);
  if ((event.seriesId === undefined) !== (event.originalStart === undefined)) {
    problems.push('an exception of a series needs both seriesId and originalStart');
  }
  if (event.seriesId !== undefined && event.recurrence) problems.push('an exception of a series cannot itself repeat');
  return problems;
}
