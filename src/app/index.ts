export { createHost, inProcessTransport, DEFAULT_CALENDAR_ID, type Host, type HostOptions } from './host';
export { cacheFile, defaultDataDir } from './paths';
export { describeIssues } from './dispatch';
