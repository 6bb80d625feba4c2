import { describeConnectorConformance } from '../conformance';
import { createCalendar, startRadicale } from '../radicale';
import { connectCalDav } from './connector';

for (const syncCollection of ['auto', 'never'] as const) {
  describeConnectorConformance(`CalDAV on Radicale (${syncCollection === 'auto' ? 'sync-collection' : 'ctag + etag fallback'})`, async () => {
    const server = await startRadicale();
    try {
      await createCalendar(server, 'conformance', { displayName: 'Conformance' });
      const connector = await connectCalDav({ url: server.url, username: server.username, password: server.password }, { syncCollection });
      const calendar = (await connector.listCalendars()).find((candidate) => candidate.name === 'Conformance');
      if (!calendar) throw new Error('the conformance calendar was not listed');
      return { connector, calendar, teardown: () => server.stop() };
    } catch (error) {
      await server.stop();
      throw error;
    }
  });
}
