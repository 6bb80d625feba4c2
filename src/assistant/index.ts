export { Assistant, type AssistantOptions, type Preview, type SayOptions } from './assistant';
export type { Turn } from './turn';
export { DEFAULT_CONFIG, type AssistantConfig, type AssistantConfigInput, type EventKind, type WorkingHours } from './config';
export { embedderFrom, type EventEmbedder } from './embedder';
export type { CloudUnderstanding } from './cloud-understanding';
export type { Answer, Candidate, ChangePlan, Occurrence, Pending, Plan } from './plan';
