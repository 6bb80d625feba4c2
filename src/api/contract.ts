import { z } from 'zod';
import type { Plan } from '../assistant/plan';
import type { Turn } from '../assistant/turn';
import type { AiStats } from '../ai/stats';
import type { ActiveModel, ModelStatus, VerifyResult } from '../voice/models/model-types';
import type { AgendaEntry } from '../domain/agenda';
import type { Calendar, CalendarEvent } from '../domain/event';
import { AddAccountArgsSchema } from '../domain/accounts';
import type { DeviceInfo, FieldConflict, ProviderAccount, ProviderCalendarInfo, ProviderSyncReport } from '../sync/protocol';
import { isValidLocalDate, isValidLocalDateTime, isValidMoment, isValidTimeZone, normalizeLocalDateTime, parseMoment } from '../domain/time';
import { isValidRule } from '../domain/recurrence';

/**
 * The contract between the UI (or the CLI) and the host, defined once: each method's argument
 * schema (checked on every call, whatever the transport) and its result type. Both the client's
 * typed `send` and the host's handler map are derived from this object.
 */

/** A phantom marker that carries a result type through the contract without a runtime schema. */
const returns = <T>() => undefined as unknown as T;

function method<Args extends z.ZodType, Result>(args: Args, result: Result) {
  return { args, result };
}

const moment = z.string().refine(isValidMoment, 'expected a date (2026-12-03), a local date-time (2026-12-03T09:00) or an ISO instant');
const timeZone = z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin');
const localStart = z
  .string()
  .refine((v) => isValidLocalDate(v) || isValidLocalDateTime(v), 'expected a date (2026-12-03) or a local date-time (2026-12-03T09:00)');

const empty = z.object({}).strict();

export const CreateEventArgsSchema = z
  .object({
    title: z.string().trim().min(1, 'the title is empty').max(500, 'the title is longer than 500 characters'),
    start: localStart,
    end: localStart,
    timeZone: timeZone.optional(),
    calendar: z.string().min(1).optional(),
    location: z.string().max(1_000).optional(),
    description: z.string().max(20_000).optional(),
    recurrence: z.string().refine(isValidRule, 'expected an RRULE such as FREQ=WEEKLY;BYDAY=MO').optional(),
  })
  .strict()
  .superRefine((args, check) => {
    const startValid = isValidLocalDate(args.start) || isValidLocalDateTime(args.start);
    const endValid = isValidLocalDate(args.end) || isValidLocalDateTime(args.end);
    if (!startValid || !endValid) return;
    if (isValidLocalDate(args.start) !== isValidLocalDate(args.end)) {
      check.addIssue({ code: 'custom', message: 'start and end must both be dates (all-day) or both be date-times' });
    } else if (normalizeLocalDateTime(args.end) <= normalizeLocalDateTime(args.start)) {
      check.addIssue({ code: 'custom', message: 'the end must be after the start' });
    }
  });

export interface SyncStatus {
  connected: boolean;
  serverUrl?: string;
  userId?: string;
  deviceId?: string;
  /** Local changes not yet confirmed by the server. */
  pendingChanges: number;
  cursor: number;
}

export interface SyncProgress {
  accountId: string;
  calendarId: string;
  calendarName: string;
  done: number;
  total?: number;
}

export interface SyncRunResult {
  pushed: number;
  pulled: number;
  /** What each provider account's sync did (none without provider accounts). */
  providers: ProviderSyncReport[];
  rejected: { mutationId: string; code: string; message: string }[];
  conflicts: FieldConflict[];
}

/** The host's speech recognition, as a UI shows it: record only when it can be transcribed. */
export type VoiceEngineState =
  | { state: 'loading'; engine: string }
  | { state: 'ready'; engine: string }
  | { state: 'unavailable'; reason: string };

/** What the engine heard, and which engine (and why the cloud, when it was the cloud). */
export interface HeardText {
  text: string;
  engine: string;
  fallback?: { reason: string; detail: string };
}

/**
 * What push-to-talk came to. A change (or an undo) is only planned: it waits for `voice.confirm`.
 * Anything else (an answer, a question, "not found") changes nothing and has been said already.
 */
export type VoiceOutcome =
  | { kind: 'microphone-problem'; message: string; audioMs: number }
  | { kind: 'no-speech'; message: string; audioMs: number }
  | { kind: 'planned'; heard: HeardText; plan: Plan; proposal: string; confirmation: { id: string; expiresAt: number } }
  | { kind: 'answered'; heard: HeardText; turn: Turn };

/** Microphone audio crosses as 16 kHz mono 16-bit little-endian PCM, base64 in the JSON of every transport. */
export const VOICE_SAMPLE_RATE = 16_000;
/** One chunk holds at most a second of audio (the renderer sends about 100 ms at a time). */
export const MAX_CHUNK_SAMPLES = VOICE_SAMPLE_RATE;
/** A held key longer than this is a stuck key, not a command. */
export const MAX_UTTERANCE_MS = 60_000;
const MAX_CHUNK_BASE64 = Math.ceil((MAX_CHUNK_SAMPLES * 2) / 3) * 4;

const sessionId = z.string().min(1).max(64);

const serverUrl = z.url({ protocol: /^https?$/, error: 'expected the sync server URL, e.g. http://127.0.0.1:4800' });
const deviceName = z.string().trim().min(1).max(100);

export const contract = {
  'host.info': method(empty, returns<{ version: string; dataDir: string; readOnly: boolean; timeZone: string }>()),
  'calendars.list': method(empty, returns<Calendar[]>()),
  'agenda.list': method(
    z
      .object({ from: moment, to: moment, timeZone: timeZone.optional() })
      .strict()
      .superRefine((args, check) => {
        // The exact check is the host's, in the user's zone; this one catches a reversed range early.
        const zone = args.timeZone !== undefined && isValidTimeZone(args.timeZone) ? args.timeZone : 'UTC';
        const from = parseMoment(args.from, zone);
        const to = parseMoment(args.to, zone);
        if (from !== undefined && to !== undefined && to <= from) {
          check.addIssue({ code: 'custom', message: `the end of the range (${args.to}) must be after its start (${args.from})` });
        }
      }),
    returns<{ timeZone: string; from: number; to: number; entries: AgendaEntry[] }>(),
  ),
  'events.get': method(z.object({ id: z.string().min(1) }).strict(), returns<CalendarEvent>()),
  'events.create': method(CreateEventArgsSchema, returns<{ event: CalendarEvent; changeSetId: number }>()),
  'events.delete': method(z.object({ id: z.string().min(1) }).strict(), returns<{ event: CalendarEvent; changeSetId: number }>()),
  'history.undo': method(empty, returns<{ undone: { label: string; eventIds: string[] } | null }>()),
  'sync.status': method(empty, returns<SyncStatus>()),
  'sync.connect': method(z.object({ url: serverUrl, deviceName: deviceName.optional() }).strict(), returns<SyncStatus>()),
  'sync.join': method(z.object({ url: serverUrl, code: z.string().trim().min(6).max(32), deviceName: deviceName.optional() }).strict(), returns<SyncStatus>()),
  'sync.run': method(empty, returns<SyncRunResult>()),
  /**
   * Adds a calendar account and syncs it a first time; joins the built-in sync server when not
   * connected. For Google and Microsoft 365, the consent page's URL arrives as `accounts.consent` first.
   */
  'accounts.add': method(AddAccountArgsSchema, returns<{ account: ProviderAccount; defaultCalendarId?: string; sync: SyncRunResult }>()),
  'accounts.list': method(empty, returns<ProviderAccount[]>()),
  'accounts.remove': method(z.object({ id: z.string().trim().min(1) }).strict(), returns<{ removed: string }>()),
  /** One account (by id, its first characters, or its label) with its calendars and the user's choices for each. */
  'accounts.calendars': method(z.object({ account: z.string().trim().min(1) }).strict(), returns<ProviderAccount>()),
  /**
   * Whether one calendar (by id or name) syncs, and whether TempoPilot may write to it; then a
   * sync, so this device reflects it (a calendar switched off leaves it, switched on comes back).
   */
  'accounts.setCalendar': method(
    z
      .object({ account: z.string().trim().min(1), calendar: z.string().trim().min(1), sync: z.boolean().optional(), write: z.boolean().optional() })
      .strict()
      .refine((args) => args.sync !== undefined || args.write !== undefined, 'say what to change: sync, write or both'),
    returns<{ account: ProviderAccount; calendar: ProviderCalendarInfo; sync: SyncRunResult }>(),
  ),
  'devices.pair': method(empty, returns<{ code: string; expiresAt: string }>()),
  'devices.list': method(empty, returns<DeviceInfo[]>()),
  'devices.revoke': method(z.object({ id: z.string().min(1) }).strict(), returns<{ revoked: string }>()),
  'assistant.say': method(
    z.object({ text: z.string().trim().min(1, 'the text is empty').max(2_000), now: moment.optional(), timeZone: timeZone.optional(), confirm: z.boolean().optional() }).strict(),
    returns<Turn>(),
  ),
  /** The clarifying question the assistant is waiting on, if any. */
  'assistant.pending': method(empty, returns<{ question: string; expiresAt: number } | null>()),
  /** Drops the waiting question (the HUD was dismissed). */
  'assistant.dismiss': method(empty, returns<{ dismissed: boolean }>()),
  /** Cloud-model use from the audit log: calls, failures, fallbacks, latency, tokens and estimated cost per provider. */
  'ai.stats': method(empty, returns<AiStats>()),
  /** The speech engine's state; loads the engine if nobody has yet, so it is warm by the first key-down. */
  'voice.status': method(empty, returns<VoiceEngineState>()),
  /** Key-down: opens an utterance (no session when nothing can transcribe; the state says why). */
  'voice.start': method(empty, returns<{ sessionId: string | null; engine: VoiceEngineState }>()),
  /** Key held: the next chunk of the utterance, in order (`seq` counts from 0). */
  'voice.chunk': method(
    z.object({ sessionId, seq: z.number().int().min(0), pcm: z.base64().max(MAX_CHUNK_BASE64, `a chunk holds at most ${MAX_CHUNK_SAMPLES} samples`) }).strict(),
    returns<{ audioMs: number }>(),
  ),
  /** Key-up: transcribes the utterance and plans what it asks for, without applying it. */
  'voice.stop': method(z.object({ sessionId }).strict(), returns<VoiceOutcome>()),
  /** Drops an utterance (key released outside the window, page closing). */
  'voice.cancel': method(z.object({ sessionId }).strict(), returns<{ cancelled: boolean }>()),
  /** Applies a planned change; `history.undo` takes it back. */
  'voice.confirm': method(z.object({ confirmationId: z.string().min(1).max(64) }).strict(), returns<Turn>()),
  /** The pinned speech models with what is installed, and the model the local engine uses. */
  'models.list': method(empty, returns<{ models: ModelStatus[]; active: ActiveModel | null; modelsDir: string }>()),
  /**
   * Downloads a pinned model (continuing a partial file; size and SHA-256 checked before it is
   * used), reporting `models.progress` on the way.
   */
  'models.download': method(z.object({ name: z.string().trim().min(1).max(40) }).strict(), returns<ModelStatus>()),
  /** Hashes the installed models against their pinned values. */
  'models.verify': method(empty, returns<{ results: VerifyResult[] }>()),
  /** Chooses the local model: a pinned name that is installed, or a model file's path. */
  'models.use': method(z.object({ model: z.string().trim().min(1).max(4_096) }).strict(), returns<ActiveModel>()),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ArgsOf<K extends MethodName> = z.input<Contract[K]['args']>;
export type ParsedArgsOf<K extends MethodName> = z.output<Contract[K]['args']>;
export type ResultOf<K extends MethodName> = Contract[K]['result'];

/** The host implements exactly this: one handler per method, given already-validated arguments. */
export type Handlers = { [K in MethodName]: (args: ParsedArgsOf<K>) => ResultOf<K> | Promise<ResultOf<K>> };

/** Pushes from the host to every connected UI. */
export interface HostEvents {
  'calendar.changed': { reason: 'local' | 'undo' | 'sync'; eventIds: string[] };
  /** Work the host does on its own (indexing, syncing) failed; the UI may show it. */
  'background.failed': { task: string; message: string };
  /** Open this page to let TempoPilot use the account being added (OAuth consent). */
  'accounts.consent': { kind: string; url: string };
  /** A provider calendar is being synced: `done` of `total` (unknown until the provider says) items. */
  'sync.progress': SyncProgress;
  'voice.state': VoiceEngineState;
  /** Text recognized so far while the key is held (only from engines that decode during pauses). */
  'voice.partial': { sessionId: string; text: string };
  /** A model download's progress, a few times a second and once at the end. */
  'models.progress': { name: string; receivedBytes: number; totalBytes: number; resumed: boolean };
}
export type HostEventName = keyof HostEvents;
export interface HostEvent<K extends HostEventName = HostEventName> {
  name: K;
  payload: HostEvents[K];
}

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}
