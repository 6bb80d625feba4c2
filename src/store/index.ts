export { CalendarStore, type AppliedChange, type StoreOptions } from './calendar-store';
export { StoreError, type StoreErrorCode } from './errors';
export type { ChangeItem, ChangeSet } from './history';
export type { CommandEngine, CommandLogEntry, CommandOutcome, NewCommandLogEntry, StageLatency } from './command-log';
export type { AiCallEntry } from './ai-calls';
export type { OutboxEntry } from './outbox';
export { EMBEDDING_DIMENSIONS } from './schema';
export { DEFAULT_OVERSAMPLE } from './embeddings';
