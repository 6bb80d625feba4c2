import type { HostEventName, HostEvents } from '../api/contract';
import type { CalendarStore } from '../store';
import type { SyncSession } from './sync-session';

/** What every handler area is given: the cache, the user's zone and a way to tell the UI. */
export interface HostContext {
  store: CalendarStore;
  dataDir: string;
  timeZone: string;
  version: string;
  now: () => number;
  sync: SyncSession;
  emit<K extends HostEventName>(name: K, payload: HostEvents[K]): void;
}
