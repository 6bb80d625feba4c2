import { afterEach } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp';
import type { AssistantOptions } from '../assistant';
import { seededWeek, type SeededWeek } from './seeded-week';

/** A fresh seeded week per call, closed after the test that asked for it. */
export function useWeek(): (options?: Partial<AssistantOptions>) => SeededWeek {
  const tempDir = useTempDirs();
  const open: SeededWeek[] = [];
  afterEach(() => {
    for (const week of open.splice(0)) week.close();
  });
  return (options) => {
    const week = seededWeek(tempDir(), options);
    open.push(week);
    return week;
  };
}
