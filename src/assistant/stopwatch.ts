import type { StageLatency } from '../store';

type Stage = Exclude<keyof StageLatency, 'total'>;

/** Times the stages of one turn: each lap adds the time since the previous lap to a stage. */
export class Stopwatch {
  private readonly started = performance.now();
  private last = this.started;
  private readonly stages: Record<Stage, number> = { parse: 0, resolve: 0, plan: 0, apply: 0 };

  lap(stage: Stage): void {
    const now = performance.now();
    this.stages[stage] += now - this.last;
    this.last = now;
  }

  total(): StageLatency {
    const round = (ms: number) => Math.round(ms * 1000) / 1000;
    return {
      parse: round(this.stages.parse),
      resolve: round(this.stages.resolve),
      plan: round(this.stages.plan),
      apply: round(this.stages.apply),
      total: round(performance.now() - this.started),
    };
  }
}
