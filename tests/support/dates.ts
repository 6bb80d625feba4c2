/**
 * The coming January's year, for tests that talk to a provider which looks only at a window
 * around today (Graph's calendar view: a year back, two ahead): dates in it are always in that
 * window, and always winter (New York on EST, -05:00), whatever day the tests run.
 */
export const COMING_JANUARY = new Date().getUTCFullYear() + 1;

/** `YYYY-01-DD` of the coming January. */
export function january(day: number): string {
  return `${COMING_JANUARY}-01-${String(day).padStart(2, '0')}`;
}
