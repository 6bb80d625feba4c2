/** Precision of a resolved time, finest first. Weeks start on Monday. */
export type Grain = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export const GRAINS: readonly Grain[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

const RANK: Readonly<Record<Grain, number>> = {
  second: 0, minute: 1, hour: 2, day: 3, week: 4, month: 5, quarter: 6, year: 7,
};

export function grainRank(g: Grain): number {
  return RANK[g];
}

export function minGrain(a: Grain, b: Grain): Grain {
  return RANK[a] <= RANK[b] ? a : b;
}

export function finer(a: Grain, b: Grain): boolean {
  return RANK[a] < RANK[b];
}

/** The next finer grain (what "in 3 days" is rounded to before shifting). */
export function finerGrain(g: Grain): Grain {
  return GRAINS[Math.max(0, RANK[g] - 1)]!;
}

/** Length in seconds of grains with a fixed length. */
export const FIXED_SECONDS: Readonly<Partial<Record<Grain, number>>> = {
  second: 1, minute: 60, hour: 3600, day: 86400, week: 604800,
};
