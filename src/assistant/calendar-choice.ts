import type { Calendar } from '../domain/event';

/**
 * The calendar a command names ("on my work calendar" gives "work"): the one of that name, or
 * the only one whose name starts with it ("work" for "Work (Radicale)"). A name that fits none,
 * or a read-only calendar, is a problem to tell the person, never a reason to use another.
 */
export function calendarNamed(name: string, calendars: readonly Calendar[]): { calendar?: Calendar; problem?: string } {
  const wanted = name.trim().toLowerCase();
  const exact = calendars.filter((calendar) => calendar.name.toLowerCase() === wanted);
  const prefixed = calendars.filter((calendar) => calendar.name.toLowerCase().startsWith(`${wanted} `) || calendar.name.toLowerCase().startsWith(`${wanted}(`));
  const calendar = exact[0] ?? (prefixed.length === 1 ? prefixed[0] : undefined);
  if (!calendar) return { problem: `You have no calendar called “${name}”.` };
  if (calendar.readOnly) return { calendar, problem: `The ${calendar.name} calendar is read-only, so I can't add to it.` };
  return { calendar };
}
