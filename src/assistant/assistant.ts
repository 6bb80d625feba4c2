import { randomUUID } from 'node:crypto';
import { CONFIDENCE_THRESHOLD, type Command, type Intent } from '../nlu/command';
import { parseCommand } from '../nlu/parse';
import type { CalendarStore, CommandEngine } from '../store';
import { calendarNamed } from './calendar-choice';
import { CalendarView } from './calendar-view';
import { namesIn, type CloudUnderstanding } from './cloud-understanding';
import { resolveConfig, type AssistantConfig, type AssistantConfigInput } from './config';
import { continueConversation } from './continue';
import { Conversation } from './conversation';
import type { EventEmbedder } from './embedder';
import { Phrasing, tidySpoken } from './phrasing';
import { nothing, type Candidate, type ChangePlan, type Pending, type Plan } from './plan';
import type { PlanContext } from './planners/context';
import { planCreate } from './planners/create';
import { planAttendees, planCancel, planMove, planResize, planUpdate } from './planners/edit';
import { planFocus } from './planners/focus';
import { planFreeTime } from './planners/free-time';
import { planAgenda, planEventQuery } from './planners/query';
import { planReminder } from './planners/reminder';
import { conflictQuestion, scopeQuestion, whichQuestion, type Question } from './questions';
import { resolveReference, type Resolution } from './reference-resolver';
import { answerReply, changeSentence, spokenChange, type Reply } from './reply';
import { readCommand, type Request } from './request';
import { Stopwatch } from './stopwatch';
import type { Turn } from './turn';

export interface AssistantOptions {
  store: CalendarStore;
  /** The user's IANA zone, for turns that do not name one. */
  zone: string;
  clock?: () => number;
  config?: AssistantConfigInput;
  /** Semantic matching of references; none by default (see embedder.ts). */
  embedder?: EventEmbedder;
  /** Ids of new events (exceptions included); random UUIDs by default. */
  newId?: () => string;
  /** Asked only when the local parser is below the confidence threshold and no question waits for an answer. */
  cloud?: CloudUnderstanding;
}

/** A plan not yet applied, and for a change the sentence that proposes it ("Add 'Lunch' Thu 12:00–13:00"). */
export interface Preview {
  command: Command;
  plan: Plan;
  proposal?: string;
  /** Who understood the words (the local parser, or a cloud model when it was unsure). */
  engine?: CommandEngine;
}

export interface SayOptions {
  /** The moment the words were said (epoch ms); the clock's now by default. */
  now?: number;
  zone?: string;
  /** Apply even when the plan double-books (`--yes`). The confidence threshold still holds. */
  confirm?: boolean;
}

/** Intents that change an existing event, and so may need "this one or all of them?". */
const EDITS: ReadonlySet<Intent> = new Set(['move_event', 'change_duration', 'cancel_event', 'update_event', 'add_attendees', 'remove_attendees']);
const CREATES: ReadonlySet<Intent> = new Set(['create_event', 'create_reminder', 'block_focus_time']);

/**
 * Command -> Plan -> apply -> reply. Understands an utterance (or takes a Command made elsewhere),
 * resolves the event it names, plans named mutations for it, checks them for double bookings,
 * applies them through the store (one undoable change set in the outbox), and answers in a short
 * sentence and a spoken one. A question it asks keeps the command waiting for the next utterance.
 * Every turn goes to the command log.
 */
export class Assistant {
  readonly config: AssistantConfig;
  private readonly store: CalendarStore;
  private readonly zone: string;
  private readonly clock: () => number;
  private readonly embedder: EventEmbedder | undefined;
  private readonly newId: () => string;
  private readonly cloud: CloudUnderstanding | undefined;
  private readonly conversation: Conversation;
  private restored = false;

  constructor(options: AssistantOptions) {
    this.store = options.store;
    this.zone = options.zone;
    this.clock = options.clock ?? Date.now;
    this.config = resolveConfig(options.config);
    this.embedder = options.embedder;
    this.newId = options.newId ?? randomUUID;
    this.cloud = options.cloud;
    this.conversation = new Conversation(this.config.conversationTtlMs);
  }

  async say(text: string, options: SayOptions = {}): Promise<Turn> {
    const watch = new Stopwatch();
    const now = options.now ?? this.clock();
    const { command, engine } = await this.understandWithCloud(text, now, options.zone ?? this.zone);
    watch.lap('parse');
    return this.handle(command, { ...options, now }, watch, engine);
  }

  /**
   * The local parse, and below the threshold a cloud model's reading when one may be asked and
   * is surer. An answer to a waiting question ("yes", "the second one") is never sent: it only
   * makes sense against that question.
   */
  private async understandWithCloud(text: string, now: number, zone: string): Promise<{ command: Command; engine: CommandEngine }> {
    const local = this.understand(text, now, zone);
    this.restoreQuestion(now);
    if (!this.cloud || local.confidence >= CONFIDENCE_THRESHOLD || this.conversation.current(now)) return { command: local, engine: 'local' };
    const cloud = await this.cloud.understand(text, { now: new Date(now), zone, names: namesIn(local) });
    return cloud && cloud.command.confidence > local.confidence ? cloud : { command: local, engine: 'local' };
  }

  /**
   * What `say` would do with these words, without doing it: nothing is applied, logged or asked,
   * and a waiting question stays as it is. The Voice Console shows this plan and applies it only
   * when the user confirms (by handing the same Command and moment to `handle`).
   */
  async preview(text: string, options: SayOptions = {}): Promise<Preview> {
    const now = options.now ?? this.clock();
    const { command, engine } = await this.understandWithCloud(text, now, options.zone ?? this.zone);
    return { ...(await this.previewCommand(command, { ...options, now })), engine };
  }

  /** The plan for a Command already understood, as `preview` makes it; `handle` then applies it. */
  async previewCommand(command: Command, options: SayOptions = {}): Promise<Preview> {
    const now = options.now ?? this.clock();
    const zone = options.zone ?? this.zone;
    this.restoreQuestion(now);
    const ctx = this.planContext(now, zone, command);
    const plan = await this.planTurn(command, ctx, options.confirm ?? false, new Stopwatch(), this.conversation.copy());
    return { command, plan, ...(plan.kind === 'change' && { proposal: changeSentence(plan, ctx.say, 'proposed') }) };
  }

  private understand(text: string, now: number, zone = this.zone): Command {
    return parseCommand(text, { now: new Date(now), zone });
  }

  /** A turn from a Command made elsewhere (an LLM's structured output, a replay). */
  async handle(command: Command, options: SayOptions = {}, watch = new Stopwatch(), engine: CommandEngine = 'local'): Promise<Turn> {
    const now = options.now ?? this.clock();
    const zone = options.zone ?? this.zone;
    this.restoreQuestion(now);
    const ctx = this.planContext(now, zone, command);
    const plan = await this.planTurn(command, ctx, options.confirm ?? false, watch, this.conversation);
    const turn: Turn = { ...this.finish(command, plan, ctx, watch), engine };
    if (!this.store.readOnly) {
      this.store.logCommand({ at: now, transcript: command.text, command, plan, outcome: turn.outcome, reply: turn.reply, ...(turn.changeSetId !== undefined && { changeSetId: turn.changeSetId }), latency: turn.latencyMs, engine });
    }
    return turn;
  }

  /** The question waiting for an answer, if any. */
  pendingQuestion(now = this.clock()): { question: string; expiresAt: number } | undefined {
    this.restoreQuestion(now);
    const pending = this.conversation.current(now);
    const expiresAt = this.conversation.expiresAt(now);
    return pending && expiresAt !== undefined ? { question: pending.question, expiresAt } : undefined;
  }

  /** Drops the waiting question (the HUD was dismissed). */
  dismiss(): void {
    this.restored = true;
    this.conversation.clear();
  }

  /** A question asked by an earlier host on this cache (a previous `tempopilot say`) is still open. */
  private restoreQuestion(now: number): void {
    if (this.restored) return;
    this.restored = true;
    const last = this.store.commandLog(1)[0];
    const plan = last?.plan as Plan | undefined;
    if (last?.outcome === 'asked' && plan?.kind === 'ask' && now - last.at <= this.config.conversationTtlMs) this.conversation.ask(plan.pending, last.at);
  }

  private planContext(now: number, zone: string, command: Command): PlanContext {
    const named = command.calendar && calendarNamed(command.calendar.name, this.store.listCalendars());
    const calendarId = named?.calendar?.id ?? this.config.calendarId ?? this.store.defaultCalendar()?.id ?? '';
    return {
      view: new CalendarView(this.store, zone, now),
      zone,
      now,
      config: this.config,
      say: new Phrasing(zone, now),
      newId: this.newId,
      calendarId,
      ...(named?.problem !== undefined && { calendarProblem: named.problem }),
    };
  }

  private async planTurn(command: Command, ctx: PlanContext, confirm: boolean, watch: Stopwatch, conversation: Conversation): Promise<Plan> {
    const pending = conversation.current(ctx.now);
    if (!pending) return this.planRequest(readCommand(command, ctx.zone), undefined, ctx, confirm, watch);
    const next = continueConversation(pending, command, ctx.zone);
    switch (next.kind) {
      case 'dismiss':
        conversation.clear();
        return nothing(pending.request.intent, 'dismissed', 'Okay, I left it as it was.');
      case 'reask':
        return { kind: 'ask', intent: pending.request.intent, question: pending.question, spoken: pending.spoken, pending };
      case 'resume':
        conversation.clear();
        return this.planRequest(next.request, next.target, ctx, confirm, watch);
      case 'new':
        conversation.clear();
        return this.planRequest(readCommand(command, ctx.zone), undefined, ctx, confirm, watch);
    }
  }

  private async planRequest(request: Request, chosen: Candidate | undefined, ctx: PlanContext, confirm: boolean, watch: Stopwatch): Promise<Plan> {
    if (request.confidence < CONFIDENCE_THRESHOLD && !request.confirmed) return clarify(request);
    if (request.intent === 'undo') return { kind: 'undo' };
    if (CREATES.has(request.intent) && ctx.calendarProblem !== undefined) return nothing(request.intent, 'not-possible', ctx.calendarProblem);
    if (CREATES.has(request.intent) && ctx.calendarId === '') return nothing(request.intent, 'not-possible', 'Every calendar is read-only; there is nowhere to add it.');
    switch (request.intent) {
      case 'create_event':
        return this.checked(planCreate(request, ctx), request, undefined, ctx, confirm);
      case 'block_focus_time':
        return this.checked(planFocus(request, ctx), request, undefined, ctx, confirm);
      case 'query_agenda':
        return planAgenda(request, ctx);
      case 'find_free_time':
        return planFreeTime(request, ctx);
      case 'create_reminder': {
        if (!request.reference && !chosen) return planReminder(request, undefined, ctx);
        const found = await this.target(request, chosen, ctx, watch);
        return 'kind' in found ? found : planReminder(request, found.target, ctx);
      }
      case 'query_event': {
        if (chosen) return planEventQuery(request, [chosen]);
        if (!request.reference) return clarifyMissing(request, 'reference', 'Which event do you mean?');
        // Several events may fit a question: answering for each beats asking which.
        const resolution = await this.resolve(request, ctx, watch);
        if (resolution.status === 'absent') return notFound(request, ctx);
        return planEventQuery(request, resolution.status === 'exact' ? [resolution.target] : resolution.candidates);
      }
      case 'unknown':
        return nothing(request.intent, 'unclear', request.clarification ?? 'Sorry, what should I do: add, move, cancel or look up an event?');
      default:
        return this.planEdit(request, chosen, ctx, confirm, watch);
    }
  }

  private async planEdit(request: Request, chosen: Candidate | undefined, ctx: PlanContext, confirm: boolean, watch: Stopwatch): Promise<Plan> {
    if (!request.reference && !chosen) return clarifyMissing(request, 'reference', 'Which event do you mean?');
    const found = await this.target(request, chosen, ctx, watch);
    if ('kind' in found) return found;
    const target = found.target;
    let scope = request.scope;
    if (target.seriesId !== undefined && scope === undefined && EDITS.has(request.intent)) {
      // A day named for a recurring event ("the standup on wednesday") points at that instance.
      if (!request.reference?.window) return ask(request, 'scope', scopeQuestion(target, ctx.say), { target });
      scope = 'instance';
    }
    const planners = { move_event: planMove, change_duration: planResize, cancel_event: planCancel, update_event: planUpdate, add_attendees: planAttendees, remove_attendees: planAttendees } as const;
    const planner = planners[request.intent as keyof typeof planners];
    return this.checked(planner(request, target, scope, ctx), { ...request, ...(scope && { scope }) }, target, ctx, confirm);
  }

  /** The event a request names: chosen earlier, or resolved now; otherwise the question or the "not found" to answer. */
  private async target(request: Request, chosen: Candidate | undefined, ctx: PlanContext, watch: Stopwatch): Promise<{ target: Candidate } | Plan> {
    if (chosen) return { target: chosen };
    const resolution = await this.resolve(request, ctx, watch);
    if (resolution.status === 'absent') return notFound(request, ctx);
    if (resolution.status === 'ambiguous') return ask(request, 'which', whichQuestion(resolution.candidates, ctx.say), { candidates: resolution.candidates });
    return { target: resolution.target };
  }

  private async resolve(request: Request, ctx: PlanContext, watch: Stopwatch): Promise<Resolution> {
    watch.lap('plan');
    const resolution = await resolveReference(request.reference!, { view: ctx.view, now: ctx.now, lookaheadDays: this.config.lookaheadDays, ...(this.embedder && { embedder: this.embedder }) });
    watch.lap('resolve');
    return resolution;
  }

  /**
   * A change that changes nothing says so; one that would double-book waits for a yes, offering
   * the nearest free slots instead.
   */
  private checked(plan: Plan, request: Request, target: Candidate | undefined, ctx: PlanContext, confirm: boolean): Plan {
    if (plan.kind === 'change' && plan.mutations.length === 0) return nothing(plan.intent, 'no-change', `'${plan.result.title}' already is like that.`);
    if (plan.kind !== 'change' || plan.conflicts.length === 0 || request.overlapAccepted || confirm) return plan;
    return { ...ask(request, 'conflict', conflictQuestion(plan, ctx.say), { alternatives: plan.alternatives, ...(target && { target }) }), conflicts: plan.conflicts };
  }

  private finish(command: Command, plan: Plan, ctx: PlanContext, watch: Stopwatch): Turn {
    const turn = this.conclude(command, plan, ctx, watch);
    return { ...turn, spoken: tidySpoken(turn.spoken) };
  }

  private conclude(command: Command, plan: Plan, ctx: PlanContext, watch: Stopwatch): Turn {
    watch.lap('plan');
    const base = { command, plan };
    switch (plan.kind) {
      case 'change':
        return this.apply(base, plan, ctx, watch);
      case 'undo':
        return this.undo(base, watch);
      case 'ask': {
        this.conversation.ask(plan.pending, ctx.now);
        const expiresAt = ctx.now + this.config.conversationTtlMs;
        return { ...base, outcome: 'asked', reply: plan.question, spoken: plan.spoken, latencyMs: watch.total(), eventIds: [], pending: { question: plan.question, expiresAt } };
      }
      case 'answer':
        return { ...base, outcome: 'answered', ...answerReply(plan.answer, ctx.say), latencyMs: watch.total(), eventIds: [] };
      case 'nothing':
        return { ...base, outcome: plan.reason === 'dismissed' ? 'dismissed' : 'failed', ...said(plan.message), latencyMs: watch.total(), eventIds: [] };
    }
  }

  private apply(base: Pick<Turn, 'command' | 'plan'>, plan: ChangePlan, ctx: PlanContext, watch: Stopwatch): Turn {
    try {
      const applied = this.store.apply(plan.label, plan.mutations);
      watch.lap('apply');
      const eventIds = [...new Set(applied.items.map((item) => item.eventId))];
      return { ...base, outcome: 'applied', reply: plan.label, spoken: spokenChange(plan, ctx.say), latencyMs: watch.total(), changeSetId: applied.changeSetId, eventIds };
    } catch (error) {
      watch.lap('apply');
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, outcome: 'failed', ...said(`Couldn't ${VERBS[plan.action]} '${plan.result.title}': ${message}.`), latencyMs: watch.total(), eventIds: [] };
    }
  }

  private undo(base: Pick<Turn, 'command' | 'plan'>, watch: Stopwatch): Turn {
    this.conversation.clear();
    let result: ReturnType<CalendarStore['undo']>;
    try {
      result = this.store.undo();
    } catch (error) {
      watch.lap('apply');
      return { ...base, outcome: 'failed', ...said(`Couldn't undo: ${error instanceof Error ? error.message : String(error)}.`), latencyMs: watch.total(), eventIds: [] };
    }
    watch.lap('apply');
    if (!result) return { ...base, outcome: 'failed', ...said('There is nothing to undo.'), latencyMs: watch.total(), eventIds: [] };
    const label = result.undone.label;
    return {
      ...base,
      outcome: 'undone',
      reply: `Undid: ${label}`,
      spoken: `Undone: ${unquoted(label)}.`,
      latencyMs: watch.total(),
      changeSetId: result.applied.changeSetId,
      eventIds: [...new Set(result.undone.items.map((item) => item.eventId))],
    };
  }
}

/** The spoken form drops the quotes around titles (and keeps the apostrophe of "couldn't"). */
function said(message: string): Reply {
  return { reply: message, spoken: unquoted(message) };
}

function unquoted(text: string): string {
  return text.replace(/(^|[\s(])'|'(?=[\s).,;:!?]|$)/g, '$1');
}

const VERBS: Readonly<Record<ChangePlan['action'], string>> = {
  created: 'add', reminded: 'add the reminder', blocked: 'block', moved: 'move', resized: 'change', cancelled: 'cancel',
  renamed: 'rename', relocated: 'change', invited: 'update', uninvited: 'update',
};

function ask(request: Request, stage: Pending['stage'], question: Question, extra: Partial<Pending> = {}): Extract<Plan, { kind: 'ask' }> {
  return { kind: 'ask', intent: request.intent, question: question.text, spoken: question.spoken, pending: { stage, question: question.text, spoken: question.spoken, request, ...extra } };
}

/** Below the threshold: ask for the part the command lacks, or whether the guess is right. */
function clarify(request: Request): Plan {
  const missing = missingPart(request);
  if (request.intent === 'unknown') return nothing(request.intent, 'unclear', request.clarification ?? 'Sorry, what should I do?');
  const question = request.clarification ?? (missing ? 'Can you say that again with a little more detail?' : 'Should I go ahead?');
  return ask(request, missing ? 'fill' : 'confirm-intent', { text: question, spoken: question }, missing ? { missing } : {});
}

function clarifyMissing(request: Request, missing: NonNullable<Pending['missing']>, question: string): Plan {
  return ask(request, 'fill', { text: question, spoken: question }, { missing });
}

function missingPart(request: Request): Pending['missing'] {
  const needsReference = EDITS.has(request.intent) || request.intent === 'query_event';
  if (needsReference && !request.reference) return 'reference';
  if ((request.intent === 'add_attendees' || request.intent === 'remove_attendees') && request.attendees.length === 0) return 'attendees';
  if (request.intent === 'change_duration' && !request.duration) return 'duration';
  if (request.intent === 'move_event' && !request.target && !request.shift) return 'when';
  if ((request.intent === 'create_event' || request.intent === 'block_focus_time') && !request.target) return 'when';
  if (request.intent === 'create_reminder' && !request.target && !request.reminderOffset) return 'when';
  return undefined;
}

function notFound(request: Request, ctx: PlanContext): Plan {
  const what = request.reference?.text ? `'${request.reference.text}'` : 'that event';
  const where = request.reference?.window ? ` on ${ctx.say.hudWindow(request.reference.window)}` : ` in the next ${ctx.config.lookaheadDays} days`;
  return nothing(request.intent, 'not-found', `I couldn't find ${what}${where}.`);
}
