import type { ProviderEvent } from '../connector';

/** A one-hour meeting on 3 March 2026 at 14:00 in New York, as a provider holds it, or whatever `fields` change. */
export function providerMeeting(title: string, fields: Partial<ProviderEvent> = {}): ProviderEvent {
  return {
    title,
    start: { dateTime: '2026-03-03T14:00', timeZone: 'America/New_York' },
    end: { dateTime: '2026-03-03T15:00', timeZone: 'America/New_York' },
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    ...fields,
  };
}
