import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../../src/api/client';
import type { AgendaEntry } from '../../../src/domain/agenda';
import { clockIn, dayIn, nextDay } from './agenda-days';

interface Day {
  label: string;
  date: string;
  entries: AgendaEntry[];
}

/** Today and tomorrow in the host's zone, reloaded whenever the calendar changes. */
export function Agenda({ client, zone }: { client: ApiClient; zone: string }) {
  const [days, setDays] = useState<Day[]>([]);
  const [error, setError] = useState<string | undefined>();
  // Changes arrive in bursts (apply, then undo); only the newest load may paint, or a slow
  // answer to an older one would bring back what was just undone.
  const latestLoad = useRef(0);

  const load = useCallback(async () => {
    const thisLoad = ++latestLoad.current;
    const today = dayIn(zone, Date.now());
    const tomorrow = nextDay(today);
    try {
      const [first, second] = await Promise.all([
        client.send('agenda.list', { from: today, to: tomorrow }),
        client.send('agenda.list', { from: tomorrow, to: nextDay(tomorrow) }),
      ]);
      if (thisLoad !== latestLoad.current) return;
      setDays([
        { label: 'Today', date: today, entries: first.entries },
        { label: 'Tomorrow', date: tomorrow, entries: second.entries },
      ]);
      setError(undefined);
    } catch (failure) {
      if (thisLoad !== latestLoad.current) return;
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, [client, zone]);

  useEffect(() => {
    void load();
    return client.listen('calendar.changed', () => void load());
  }, [client, load]);

  return (
    <section className="agenda" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">Agenda</h2>
      {error && <p role="alert">{error}</p>}
      {days.map((day) => (
        <div key={day.date} className="agenda-day">
          <h3>
            {day.label} <span className="muted">{day.date}</span>
          </h3>
          {day.entries.length === 0 ? (
            <p className="muted">Nothing scheduled.</p>
          ) : (
            <ul aria-label={`${day.label}'s events`}>
              {day.entries.map((entry) => (
                <li key={`${entry.eventId}/${entry.originalStart}`}>
                  <span className="when">{entry.allDay ? 'All day' : `${clockIn(zone, entry.startsAt)}–${clockIn(zone, entry.endsAt)}`}</span> {entry.title}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
