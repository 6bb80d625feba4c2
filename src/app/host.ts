import { EventEmitter } from 'node:events';
import packageJson from '../../package.json';
import type { HostEvent, HostEventName, HostEvents } from '../api/contract';
import type { Reply } from '../api/errors';
import { systemTimeZone } from '../domain/time';
import { CalendarStore } from '../store';
import type { HostContext } from './context';
import { combineHandlers, createDispatch, type Dispatch } from './dispatch';
import { agendaHandlers } from './handlers/agenda';
import { assistantHandlers } from './handlers/assistant';
import { calendarHandlers } from './handlers/calendars';
import { eventHandlers } from './handlers/events';
import { historyHandlers } from './handlers/history';
import { syncHandlers } from './handlers/sync';
import { accountHandlers } from './handlers/accounts';
import { accountCalendarHandlers } from './handlers/account-calendars';
import type { EmbeddedServerLauncher } from './embedded-server';
import { modelHandlers } from './handlers/models';
import { voiceHandlers } from './handlers/voice';
import { ModelManager } from '../voice/models/model-manager';
import { defaultSpeechEngines, type SpeechEngines } from './voice/speech-engines';
import { cloudModels } from './cloud-models';
import type { LlmChoice } from '../ai';
import { fileKeySecretBox, type SecretBox } from './secrets';
import { SyncSession } from './sync-session';
import type { FetchLike } from '../sync/client';
import { Assistant, embedderFrom } from '../assistant';
import type { SentenceEncoder } from '../nlu/embeddings/encoder';
import { EmbeddingIndexer } from './embedding-indexer';
import { cacheFile, defaultDataDir } from './paths';

export interface HostOptions {
  dataDir?: string;
  /** The user's zone; defaults to the machine's. */
  timeZone?: string;
  readOnly?: boolean;
  now?: () => number;
  /** Encrypts secrets at rest; defaults to a key file in the data folder (headless mode). */
  secrets?: SecretBox;
  fetch?: FetchLike;
  /**
   * Turns on matching events by meaning: events are embedded in the background as they change,
   * and the assistant embeds what was said. Long-running faces pass one; one-shot CLI commands
   * leave it out to start fast.
   */
  encoder?: SentenceEncoder;
  /** The speech engines of `voice.*`, made on first use; by default from the models folder and the environment. */
  speechEngines?: () => SpeechEngines;
  /** Cloud models for this run (`--llm`); the stored setting by default. */
  llm?: LlmChoice;
  /**
   * Starts the built-in sync server (single-user mode); given by the composition root, since src/
   * may not import it.
   */
  embeddedServer?: EmbeddedServerLauncher;
  /** A long-running face (the app, `tempopilot web`): the built-in server it starts runs the provider jobs. */
  backgroundSync?: boolean;
  /** Where API keys and base URLs are read from in headless mode; the process environment by default. */
  env?: NodeJS.ProcessEnv;
}

export interface Host {
  dispatch: Dispatch;
  onEvent(listener: (event: HostEvent) => void): () => void;
  readonly context: HostContext;
  close(): void;
}

export const DEFAULT_CALENDAR_ID = 'personal';

/**
 * The host behind every face (Electron, browser, CLI): opens the cache, makes sure there is a
 * calendar to write to, and serves the api contract through one dispatch function.
 */
export function createHost(options: HostOptions = {}): Host {
  const dataDir = options.dataDir ?? defaultDataDir();
  const timeZone = options.timeZone ?? systemTimeZone();
  const now = options.now ?? Date.now;
  const store = CalendarStore.open({ file: cacheFile(dataDir), readOnly: options.readOnly, now });
  const emitter = new EventEmitter();
  const context: HostContext = {
    store,
    dataDir,
    timeZone,
    version: packageJson.version,
    now,
    sync: new SyncSession(store, dataDir, options.secrets ?? fileKeySecretBox(dataDir), options.fetch, options.embeddedServer, options.backgroundSync ?? false),
    emit<K extends HostEventName>(name: K, payload: HostEvents[K]) {
      emitter.emit('event', { name, payload } satisfies HostEvent<K>);
    },
  };
  if (!store.readOnly && store.listCalendars().length === 0) {
    store.putCalendar({ id: DEFAULT_CALENDAR_ID, name: 'Personal', timeZone, readOnly: false });
  }
  const cloud = cloudModels(context, options.secrets ?? fileKeySecretBox(dataDir), { ...(options.llm && { llm: options.llm }), ...(options.env && { env: options.env }) });
  const assistant = new Assistant({ store, zone: timeZone, clock: now, cloud: cloud.understanding, ...(options.encoder && { embedder: embedderFrom(options.encoder) }) });
  const voice = voiceHandlers(context, assistant, options.speechEngines ?? (() => defaultSpeechEngines(dataDir)));
  const handlers = combineHandlers(
    calendarHandlers(context),
    agendaHandlers(context),
    eventHandlers(context),
    historyHandlers(context),
    syncHandlers(context),
    accountHandlers(context),
    accountCalendarHandlers(context),
    assistantHandlers(context, assistant),
    voice.handlers,
    modelHandlers(context, new ModelManager({ dataDir, ...(options.env && { env: options.env }) }), voice.reload),
    cloud.handlers,
  );
  if (options.encoder && !store.readOnly) indexEmbeddings(new EmbeddingIndexer(store, options.encoder), emitter, context);
  return {
    dispatch: createDispatch(handlers),
    onEvent(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    context,
    close: () => {
      void context.sync.close();
      void voice.close();
      store.close();
    },
  };
}

/** Keeps embeddings in step with every change, and fills in the ones missing at start. */
function indexEmbeddings(indexer: EmbeddingIndexer, emitter: EventEmitter, context: HostContext): void {
  const run = (eventIds: string[]) =>
    indexer.schedule(eventIds).catch((error: Error) => context.emit('background.failed', { task: 'embedding events', message: error.message }));
  emitter.on('event', (event: HostEvent) => {
    if (event.name === 'calendar.changed') void run((event.payload as HostEvents['calendar.changed']).eventIds);
  });
  void run([]);
}

/** The transport of the CLI and of tests: calls go straight to the host's dispatch. */
export function inProcessTransport(host: Host) {
  return {
    call: (name: string, args: unknown): Promise<Reply<unknown>> => host.dispatch(name, args),
    onEvent: (listener: (event: HostEvent) => void) => host.onEvent(listener),
  };
}
