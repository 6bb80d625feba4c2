import { isValidTimeZone } from '../../../src/domain/time';
import { WINDOWS_ZONES } from '../ical/windows-zones';

/**
 * Graph's time zone names: Exchange stores Windows names ("Pacific Standard Time") and hands them
 * back in `originalStartTimeZone` and, with `Prefer: outlook.timezone`, in `start.timeZone`; it
 * also accepts IANA names on write. Shared by the connector and the double.
 * https://learn.microsoft.com/en-us/graph/api/resources/datetimetimezone?view=graph-rest-1.0
 */

const IANA_TO_WINDOWS = new Map<string, string>(Object.entries(WINDOWS_ZONES).map(([windows, iana]) => [iana, windows]));

/** The IANA zone for a Graph zone name (Windows or IANA), or undefined when it is neither. */
export function ianaZone(name: string): string | undefined {
  if (name === 'UTC' || name === 'tzone://Microsoft/Utc') return 'UTC';
  const mapped = WINDOWS_ZONES[name];
  if (mapped) return mapped;
  return isValidTimeZone(name) ? name : undefined;
}

/** The Windows name Exchange would store for an IANA zone, or the IANA name when none is known. */
export function windowsZone(iana: string): string {
  if (iana === 'UTC' || iana === 'Etc/UTC') return 'UTC';
  return IANA_TO_WINDOWS.get(iana) ?? iana;
}

/** Graph writes local times with seven fractional digits: `2026-03-02T09:00:00.0000000`. */
export function graphLocal(local: string): string {
  const base = local.length === 16 ? `${local}:00` : local.slice(0, 19);
  return `${base}.0000000`;
}

/** `2026-03-02T09:00:00.0000000` -> `2026-03-02T09:00:00`. */
export function plainLocal(graphDateTime: string): string {
  const base = graphDateTime.slice(0, 19);
  return base.length === 16 ? `${base}:00` : base;
}
