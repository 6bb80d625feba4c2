import { describeConnectorConformance } from '../conformance';
import { GraphDouble } from './double';
import { connectToDouble } from './testing';

describeConnectorConformance('Microsoft Graph double', async () => {
  const double = await GraphDouble.start();
  double.pageSize = 3;
  double.addCalendar('Conformance');
  const connector = await connectToDouble(double);
  const calendar = (await connector.listCalendars()).find((candidate) => candidate.name === 'Conformance');
  if (!calendar) throw new Error('the conformance calendar was not listed');
  return { connector, calendar, directClient: double, teardown: () => double.stop() };
});
