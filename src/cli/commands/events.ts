import type { Command } from 'commander';
import { addDaysToLocalDate, floatingMs, isValidLocalDate, isValidLocalDateTime, normalizeLocalDateTime, systemTimeZone, today } from '../../domain/time';
import type { CliContext } from '../context';
import { describeWhen, formatAgenda, formatCalendars, shortId } from '../format';
import { UsageError } from '../errors';

/**
 * `--end` left out: an hour (of wall time) after a timed start, the next day after an all-day
 * one. A start that is not valid is passed through, so the argument check names the start.
 */
function defaultEnd(start: string): string {
  if (isValidLocalDate(start)) return addDaysToLocalDate(start, 1);
  if (!isValidLocalDateTime(start)) return start;
  return new Date(floatingMs(normalizeLocalDateTime(start)) + 3_600_000).toISOString().slice(0, 16);
}

export function registerEventCommands(program: Command, ctx: CliContext): void {
  program
    .command('agenda')
    .description('list what is on between two dates (default: today)')
    .option('--from <when>', 'start: a date (2026-12-03), a local date-time, or an ISO instant')
    .option('--to <when>', 'end, exclusive (default: one day after --from)')
    .action(async (options: { from?: string; to?: string }) => {
      const zone = ctx.options.tz;
      const from = options.from ?? today(zone ?? systemTimeZone());
      let to = options.to;
      if (to === undefined) {
        if (!isValidLocalDate(from)) throw new UsageError('--to is needed when --from is not a plain date');
        to = addDaysToLocalDate(from, 1);
      }
      const result = await ctx.call('agenda.list', { from, to, ...(zone && { timeZone: zone }) });
      ctx.print(result, (r) => formatAgenda(r.entries, r.timeZone, r.from, r.to));
    });

  program
    .command('add')
    .description('add an event')
    .argument('<title>', 'what the event is called')
    .requiredOption('--start <when>', 'a local date-time (2026-12-03T09:00) or a date for an all-day event')
    .option('--end <when>', 'when it ends (default: one hour later, or the next day for all-day)')
    .option('--calendar <name>', 'calendar name or id (default: the first writable one)')
    .option('--location <place>', 'where it happens')
    .option('--repeat <rrule>', 'an iCalendar RRULE, e.g. FREQ=WEEKLY;BYDAY=MO')
    .action(async (title: string, options: { start: string; end?: string; calendar?: string; location?: string; repeat?: string }) => {
      const end = options.end ?? defaultEnd(options.start);
      const result = await ctx.call('events.create', {
        title,
        start: options.start,
        end,
        ...(ctx.options.tz && { timeZone: ctx.options.tz }),
        ...(options.calendar !== undefined && { calendar: options.calendar }),
        ...(options.location !== undefined && { location: options.location }),
        ...(options.repeat !== undefined && { recurrence: options.repeat }),
      });
      ctx.print(result, (r) => `Added "${r.event.title}" on ${describeWhen(r.event)}  [${shortId(r.event.id)}]`);
    });

  program
    .command('delete')
    .description('delete an event (a recurring one with all its instances)')
    .argument('<id>', 'the event id, or its first 4+ characters')
    .action(async (id: string) => {
      const result = await ctx.call('events.delete', { id });
      ctx.print(result, (r) => `Deleted "${r.event.title}" (${describeWhen(r.event)})`);
    });

  program
    .command('undo')
    .description('undo the last change')
    .action(async () => {
      const result = await ctx.call('history.undo', {});
      ctx.print(result, (r) => (r.undone ? `Undid: ${r.undone.label}` : 'Nothing to undo.'));
    });

  program
    .command('calendars')
    .description('list calendars')
    .action(async () => {
      const result = await ctx.call('calendars.list', {});
      ctx.print(result, formatCalendars);
    });
}
