const DAY_NAMES: Readonly<Record<string, string>> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};
const UNITS: Readonly<Record<string, string>> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' };

/** An RRULE in a few words: "every Monday", "every other week", "every day". */
export function ruleInWords(rule: string): string {
  const parts = new Map(rule.split(';').map((part) => part.split('=') as [string, string]));
  const every = Number(parts.get('INTERVAL') ?? 1) === 2 ? 'every other' : Number(parts.get('INTERVAL') ?? 1) > 2 ? `every ${parts.get('INTERVAL')}` : 'every';
  const days = (parts.get('BYDAY') ?? '').split(',').map((day) => DAY_NAMES[day]).filter((day): day is string => day !== undefined);
  if (parts.get('FREQ') === 'WEEKLY' && days.length > 0) {
    if (days.length === 5 && !days.includes('Saturday') && !days.includes('Sunday')) return `${every} weekday`;
    return `${every} ${days.length === 1 ? days[0] : `${days.slice(0, -1).join(', ')} and ${days.at(-1)}`}`;
  }
  const unit = UNITS[parts.get('FREQ') ?? ''] ?? 'time';
  return Number(parts.get('INTERVAL') ?? 1) > 2 ? `${every} ${unit}s` : `${every} ${unit}`;
}
