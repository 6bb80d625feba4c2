import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import type { AiCallOutcome, AuditSink } from './audit';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions, type BreakerState } from './circuit-breaker';
import { systemClock, type Clock } from './clock';
import { AiError } from './errors';
import { rankingCost } from './prices';
import { cloudAllows, requiredSetting, type CloudSetting } from './privacy/policy';
import { Redactor } from './privacy/redactor';
import type { AiPurpose, LlmProvider, ProviderName, StructuredRequest, TokenUsage } from './provider';
import { CHAT_SYSTEM, chatPrompt, type ChatInput } from './tasks/chat-task';
import { commandTask, type CommandTaskInput } from './tasks/command-task';
import { summaryTask, type MeetingSummary, type SummaryTaskInput } from './tasks/summary-task';
import type { StructuredTask } from './tasks/task';
import type { Command } from '../nlu/command';

/** Which provider the user wants: the router's pick, one of them first, or none at all. */
export type LlmChoice = 'auto' | 'openai' | 'anthropic' | 'off';

export interface RouterOptions {
  /** The providers that have a key; the others are simply absent. */
  providers: readonly LlmProvider[];
  cloud: CloudSetting;
  choice?: LlmChoice;
  /** Ask the other provider when the first fails (on by default; an evaluation of one model turns it off). */
  fallback?: boolean;
  /** The most a whole routed request may take, per purpose, retries and fallback included. */
  budgetsMs?: Partial<Record<AiPurpose, number>>;
  /** The most one HTTP call may take. */
  callTimeoutMs?: number;
  clock?: Clock;
  random?: () => number;
  audit?: AuditSink;
  breaker?: BreakerOptions;
  backoff?: BackoffOptions;
}

export interface Routed<T> {
  value: T;
  provider: ProviderName;
  model: string;
  /** Providers that failed before this one answered. */
  fallbackFrom: ProviderName[];
}

export const DEFAULT_BUDGETS_MS: Readonly<Record<AiPurpose, number>> = { command: 6_000, summary: 30_000, chat: 20_000 };
/** Rough request sizes per purpose, to compare what the providers' models would cost. */
const TYPICAL_TOKENS: Readonly<Record<AiPurpose, TokenUsage>> = {
  command: { inputTokens: 2_500, outputTokens: 300 },
  summary: { inputTokens: 2_000, outputTokens: 400 },
  chat: { inputTokens: 800, outputTokens: 150 },
};
/** Weight of the newest latency in a provider's running estimate. */
const LATENCY_SMOOTHING = 0.3;

type Attempt<T> = { ok: true; value: T; model: string } | { ok: false; error: AiError };

function bytes(...texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
}

function asAiError(error: unknown, provider: ProviderName): AiError {
  return error instanceof AiError ? error : new AiError('server-error', `the ${provider} request failed`, { provider });
}

/**
 * Sends each cloud request to the provider that suits it, and copes when that provider does not:
 * the privacy filter in front of every call, the schema check (one correction round) behind it,
 * fallback to the other provider on timeouts, 429, 5xx, 529 and invalid output, a circuit breaker
 * per provider, waits with jitter that honour `retry-after` when there is nobody to fall back to,
 * and one audit record per HTTP call.
 */
export class LlmRouter {
  readonly cloud: CloudSetting;
  readonly choice: LlmChoice;
  private readonly providers: readonly LlmProvider[];
  private readonly fallback: boolean;
  private readonly budgets: Record<AiPurpose, number>;
  private readonly callTimeoutMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly audit: AuditSink | undefined;
  private readonly backoff: BackoffOptions;
  private readonly breakers = new Map<ProviderName, CircuitBreaker>();
  private readonly latency = new Map<ProviderName, number>();

  constructor(options: RouterOptions) {
    this.providers = options.providers;
    this.cloud = options.cloud;
    this.choice = options.choice ?? 'auto';
    this.fallback = options.fallback ?? true;
    this.budgets = { ...DEFAULT_BUDGETS_MS, ...options.budgetsMs };
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.audit = options.audit;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    for (const provider of this.providers) this.breakers.set(provider.name, new CircuitBreaker(this.clock, options.breaker ?? DEFAULT_BREAKER));
  }

  /** Whether a request for this purpose may leave the machine at all (settings, keys). */
  allows(purpose: AiPurpose): boolean {
    return this.choice !== 'off' && cloudAllows(this.cloud, purpose) && this.providers.length > 0;
  }

  breakerState(provider: ProviderName): BreakerState | undefined {
    return this.breakers.get(provider)?.state;
  }

  understand(input: CommandTaskInput, signal?: AbortSignal): Promise<Routed<Command>> {
    return this.run(commandTask(input), signal);
  }

  summarize(input: SummaryTaskInput, signal?: AbortSignal): Promise<Routed<MeetingSummary>> {
    return this.run(summaryTask(input), signal);
  }

  /** A structured answer, validated, in the user's own words. */
  async run<T>(task: StructuredTask<T>, signal?: AbortSignal): Promise<Routed<T>> {
    const order = this.order(task.purpose);
    const deadline = this.clock.now() + this.budgets[task.purpose];
    const redactor = new Redactor(task.names);
    const user = task.prompt(redactor);
    const failed: ProviderName[] = [];
    let last: AiError | undefined;
    for (const [index, provider] of order.entries()) {
      const breaker = this.breakers.get(provider.name)!;
      const canFallBack = this.fallback && index < order.length - 1;
      for (let attempt = 0; breaker.tryAcquire(); attempt += 1) {
        const result = await this.askStructured(provider, task, user, redactor, deadline, failed.length > 0, signal);
        if (result.ok) {
          breaker.success();
          return { value: result.value, provider: provider.name, model: result.model, fallbackFrom: failed };
        }
        last = result.error;
        if (last.kind === 'cancelled') {
          breaker.release();
          throw last;
        }
        breaker.failure();
        if (!last.transient || canFallBack || attempt + 1 >= this.backoff.maxAttempts) break;
        const wait = backoffDelay(attempt, last.details.retryAfterMs, this.backoff, this.random);
        if (this.clock.now() + wait >= deadline) break;
        await this.clock.sleep(wait, signal);
      }
      last ??= new AiError('unavailable', `${provider.name} is paused after repeated failures`, { provider: provider.name });
      failed.push(provider.name);
      if (!this.fallback) break;
    }
    throw this.exhausted(task.purpose, last);
  }

  /** A grounded chat answer, as it is generated. Falls back only before the first piece: half an answer cannot be finished by another model. */
  async *chat(input: ChatInput, signal?: AbortSignal): AsyncGenerator<string> {
    const order = this.order('chat');
    const deadline = this.clock.now() + this.budgets.chat;
    const redactor = new Redactor(input.names ?? []);
    const user = chatPrompt(input, redactor);
    let fellBack = false;
    let last: AiError | undefined;
    for (const provider of order) {
      const breaker = this.breakers.get(provider.name)!;
      if (!breaker.tryAcquire()) continue;
      const restorer = redactor.streamRestorer();
      const started = this.clock.now();
      let received = '';
      let usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
      try {
        // Whole milliseconds: the SDKs refuse a fractional time-out.
      const timeoutMs = Math.floor(Math.min(this.callTimeoutMs, deadline - started));
        for await (const piece of provider.streamText({ purpose: 'chat', system: CHAT_SYSTEM, user, maxTokens: 600 }, { timeoutMs, ...(signal && { signal }) })) {
          if (piece.kind === 'usage') {
            usage = piece.usage;
            continue;
          }
          received += piece.text;
          const restored = restorer.push(piece.text);
          if (restored) yield restored;
        }
        const rest = restorer.flush();
        if (rest) yield rest;
        breaker.success();
        this.observe(provider.name, this.clock.now() - started);
        this.record(provider, 'chat', bytes(CHAT_SYSTEM, user), bytes(received), redactor.count, started, usage, 'ok', fellBack);
        return;
      } catch (error) {
        last = asAiError(error, provider.name);
        this.record(provider, 'chat', bytes(CHAT_SYSTEM, user), bytes(received), redactor.count, started, usage, last.kind, fellBack);
        if (last.kind === 'cancelled') {
          breaker.release();
          throw last;
        }
        breaker.failure();
        if (received.length > 0 || !this.fallback) throw last;
        fellBack = true;
      }
    }
    throw this.exhausted('chat', last);
  }

  /** The providers to try, best first: the user's pick, then by latency budget and cost. */
  private order(purpose: AiPurpose): LlmProvider[] {
    if (this.choice === 'off' || this.cloud === 'off') throw new AiError('cloud-off', 'cloud processing is off; nothing leaves this machine');
    if (!cloudAllows(this.cloud, purpose)) throw new AiError('not-allowed', `cloud processing is set to "${this.cloud}"; ${purpose} needs "${requiredSetting(purpose)}"`);
    if (this.providers.length === 0) throw new AiError('unavailable', 'no cloud model has an API key (OPENAI_API_KEY, ANTHROPIC_API_KEY or settings)');
    const budget = this.budgets[purpose];
    const typical = TYPICAL_TOKENS[purpose];
    const ranked = this.providers
      .map((provider, index) => ({ provider, index, slow: (this.latency.get(provider.name) ?? 0) > budget, cost: rankingCost(provider.model, typical.inputTokens, typical.outputTokens) }))
      .sort((a, b) => Number(a.slow) - Number(b.slow) || a.cost - b.cost || a.index - b.index)
      .map((entry) => entry.provider);
    const chosen = ranked.find((provider) => provider.name === this.choice);
    const order = chosen ? [chosen, ...ranked.filter((provider) => provider !== chosen)] : ranked;
    if (this.choice !== 'auto' && !chosen) throw new AiError('unavailable', `${this.choice} has no API key`);
    return this.fallback ? order : order.slice(0, 1);
  }

  /** One structured call and, if its answer does not fit, one correction call. */
  private async askStructured<T>(
    provider: LlmProvider,
    task: StructuredTask<T>,
    user: string,
    redactor: Redactor,
    deadline: number,
    fellBack: boolean,
    signal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    let correction: StructuredRequest['correction'];
    for (let round = 0; round < 2; round += 1) {
      const started = this.clock.now();
      // Whole milliseconds: the SDKs refuse a fractional time-out.
      const timeoutMs = Math.floor(Math.min(this.callTimeoutMs, deadline - started));
      if (timeoutMs <= 0) return { ok: false, error: new AiError('timeout', `the ${task.purpose} budget was spent before ${provider.name} could answer`, { provider: provider.name }) };
      const request: StructuredRequest = { purpose: task.purpose, system: task.system, user, tool: task.tool, maxTokens: task.maxTokens, ...(correction && { correction }) };
      const sent = bytes(task.system, user, correction?.answer ?? '', correction?.problem ?? '');
      try {
        const reply = await provider.structured(request, { timeoutMs, ...(signal && { signal }) });
        const checked = check(task, reply.json, redactor);
        this.record(provider, task.purpose, sent, bytes(reply.json), redactor.count, started, reply.usage, checked.ok ? 'ok' : 'invalid-output', fellBack, reply.model);
        if (checked.ok) {
          this.observe(provider.name, this.clock.now() - started);
          return { ok: true, value: checked.value, model: reply.model };
        }
        correction = { answer: reply.json, problem: checked.problem };
      } catch (error) {
        const failure = asAiError(error, provider.name);
        this.record(provider, task.purpose, sent, 0, redactor.count, started, { inputTokens: 0, outputTokens: 0 }, failure.kind, fellBack);
        return { ok: false, error: failure };
      }
    }
    return { ok: false, error: new AiError('invalid-output', `${provider.name} answered twice with something that does not fit the schema`, { provider: provider.name }) };
  }

  private observe(provider: ProviderName, ms: number): void {
    const previous = this.latency.get(provider);
    this.latency.set(provider, previous === undefined ? ms : previous + LATENCY_SMOOTHING * (ms - previous));
  }

  private record(provider: LlmProvider, purpose: AiPurpose, requestBytes: number, responseBytes: number, redactions: number, started: number, usage: TokenUsage, outcome: AiCallOutcome, fallback: boolean, model = provider.model): void {
    this.audit?.record({
      at: Math.round(started),
      provider: provider.name,
      model,
      purpose,
      requestBytes,
      responseBytes,
      redactions,
      latencyMs: this.clock.now() - started,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      outcome,
      fallback,
    });
  }

  private exhausted(purpose: AiPurpose, last: AiError | undefined): AiError {
    return new AiError(last?.kind ?? 'unavailable', `no cloud model could help with this ${purpose} request${last ? `: ${last.message}` : ''}`, last?.details ?? {});
  }
}

function check<T>(task: StructuredTask<T>, json: string, redactor: Redactor) {
  let answer: unknown;
  try {
    answer = JSON.parse(json);
  } catch {
    return { ok: false as const, problem: 'the answer is not valid JSON' };
  }
  return task.accept(answer, redactor);
}
