import { useEffect, useState } from 'react';
import { createClient, type ApiClient } from '../../src/api/client';
import type { AgendaEntry } from '../../src/domain/agenda';
import { hostTransport } from './transport';

function todayRange(): { from: string; to: string } {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

function timeOf(instant: number): string {
  return new Date(instant).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function App() {
  const [client] = useState<ApiClient | undefined>(() => {
    const transport = hostTransport();
    return transport && createClient(transport);
  });
  const [entries, setEntries] = useState<AgendaEntry[]>([]);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!client) return;
    const load = () =>
      client.send('agenda.list', todayRange()).then(
        (result) => setEntries(result.entries),
        (failure: Error) => setError(failure.message),
      );
    void load();
    return client.listen('calendar.changed', () => void load());
  }, [client]);

  if (!client) return <main><h1>TempoPilot</h1><p>Not connected to a TempoPilot host.</p></main>;
  return (
    <main>
      <h1>Today</h1>
      {error && <p role="alert">{error}</p>}
      {entries.length === 0 ? (
        <p>Nothing scheduled today.</p>
      ) : (
        <ul>
          {entries.map((entry) => (
            <li key={`${entry.eventId}/${entry.originalStart}`}>
              {entry.allDay ? 'All day' : `${timeOf(entry.startsAt)}–${timeOf(entry.endsAt)}`} {entry.title}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
