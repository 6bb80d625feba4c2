import { describeConnectorConformance } from '../conformance';
import { startGoogleAccount } from './testing';

for (const pageSize of [250, 2]) {
  describeConnectorConformance(`Google Calendar v3 double through @googleapis/calendar (page size ${pageSize})`, async () => {
    const { double, connector } = await startGoogleAccount({ connector: { pageSize } });
    double.addCalendar({ id: 'conformance@group.calendar.google.com', summary: 'Conformance', timeZone: 'Europe/Zurich' });
    const calendar = (await connector.listCalendars()).find((candidate) => candidate.name === 'Conformance');
    if (!calendar) throw new Error('the conformance calendar was not listed');
    return { connector, calendar, directClient: double, teardown: () => double.stop() };
  });
}
