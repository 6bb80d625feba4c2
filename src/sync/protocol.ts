import { z } from 'zod';
import { AddProviderRequestSchema, type AddProviderRequest } from '../domain/accounts';
import { CalendarEventSchema, CalendarSchema } from '../domain/event';
import { MutationSchema } from './mutations';

/**
 * The sync protocol between a device and the sync server (DESIGN.md §5, docs/sync.md): request
 * and response bodies as zod schemas, shared by the client in src/sync and the server in
 * sync-server/. Every route lives under API_PREFIX; every error body is ErrorBody.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const API_PREFIX = '/api/v1';

export const ROUTES = {
  accounts: `${API_PREFIX}/accounts`,
  join: `${API_PREFIX}/devices/join`,
  token: `${API_PREFIX}/token`,
  pairingCodes: `${API_PREFIX}/devices/pairing-codes`,
  devices: `${API_PREFIX}/devices`,
  push: `${API_PREFIX}/push`,
  pull: `${API_PREFIX}/pull`,
  syncNow: `${API_PREFIX}/calendar/sync`,
  settings: `${API_PREFIX}/settings`,
  stream: `${API_PREFIX}/stream`,
  providers: `${API_PREFIX}/providers`,
  provider: `${API_PREFIX}/providers/:id`,
  providerCalendar: `${API_PREFIX}/providers/:id/calendars/:calendarId`,
} as const;

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An Ed25519 public key as a JWK (RFC 8037): the device's identity. */
export const PublicKeyJwkSchema = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a base64url Ed25519 public key'),
  })
  .strip();
export type PublicKeyJwk = z.infer<typeof PublicKeyJwkSchema>;

const DeviceName = z.string().trim().min(1).max(100);

/** Creates an account with its first device. */
export const RegisterRequestSchema = z.object({ deviceName: DeviceName, publicKey: PublicKeyJwkSchema }).strict();
/** Adds a device to the account whose pairing code it presents. */
export const JoinRequestSchema = z
  .object({ code: z.string().trim().min(6).max(32), deviceName: DeviceName, publicKey: PublicKeyJwkSchema })
  .strict();
export const DeviceIdentitySchema = z.object({ userId: z.uuid(), deviceId: z.uuid() });

/** Asks for an access token; the request's DPoP proof must be signed by the device's registered key. */
export const TokenRequestSchema = z.object({ deviceId: z.uuid() }).strict();
export const TokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('DPoP'),
  expiresIn: z.number().int().positive(),
});

export const PairingCodeResponseSchema = z.object({ code: z.string(), expiresAt: z.iso.datetime() });

export const DeviceInfoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  current: z.boolean(),
});
export const DevicesResponseSchema = z.object({ devices: z.array(DeviceInfoSchema) });

export const MAX_PUSH_MUTATIONS = 500;
export const PushRequestSchema = z.object({ mutations: z.array(MutationSchema).min(1).max(MAX_PUSH_MUTATIONS) }).strict();

/** A field this mutation wanted to change, left as it was because another device changed it first. */
export const FieldConflictSchema = z.object({
  eventId: z.string(),
  field: z.string(),
  kept: z.unknown(),
  discarded: z.unknown(),
});

export const MutationResultSchema = z.object({
  mutationId: z.uuid(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  /** The change-log version this mutation committed as (absent when rejected). */
  version: z.number().int().optional(),
  conflicts: z.array(FieldConflictSchema).default([]),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export const PushResponseSchema = z.object({ results: z.array(MutationResultSchema), version: z.number().int() });

export const MAX_PULL_LIMIT = 1_000;
export const PullQuerySchema = z.object({
  cursor: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
});

export const PulledChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), version: z.number().int(), eventId: z.string(), deleted: z.boolean(), event: CalendarEventSchema.optional() }),
  z.object({ kind: z.literal('calendar'), version: z.number().int(), calendar: CalendarSchema, deleted: z.boolean().optional() }),
]);
export const PullResponseSchema = z.object({
  changes: z.array(PulledChangeSchema),
  /** Pass this back as the next pull's cursor. */
  cursor: z.number().int(),
  hasMore: z.boolean(),
});

/**
 * `sign-in-again`: the provider refused the credentials, the account waits for the user.
 * `rate-limited`: waiting until `retryAt`. `failing`: the last attempts failed, retried with backoff.
 */
export const ProviderStateSchema = z.enum(['ok', 'syncing', 'sign-in-again', 'rate-limited', 'failing']);

/**
 * A provider calendar as the user sees it: `sync` and `write` are the user's choices (`write` is
 * never true where the provider itself does not allow writing); `readOnly` is what devices obey.
 */
export const ProviderCalendarInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  readOnly: z.boolean(),
  sync: z.boolean(),
  write: z.boolean(),
  providerReadOnly: z.boolean(),
});

/** Changes the user's choices for one calendar of a provider account; what is absent stays. */
export const CalendarScopeRequestSchema = z
  .object({ sync: z.boolean().optional(), write: z.boolean().optional() })
  .strict()
  .refine((scope) => scope.sync !== undefined || scope.write !== undefined, 'give sync, write or both');

/** A change made here that the provider would not take, and its reason. */
export const RefusedItemSchema = z.object({ eventId: z.string(), message: z.string() });

export const ProviderSyncReportSchema = z.object({
  accountId: z.string(),
  state: ProviderStateSchema,
  pulled: z.number().int(),
  pushed: z.number().int(),
  conflicts: z.array(FieldConflictSchema),
  fullResync: z.boolean(),
  /** Items the provider holds that could not be read, left as they are. */
  unreadable: z.number().int(),
  /** Changes made here that the provider refused; absent in reports from before it existed. */
  refused: z.array(RefusedItemSchema).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const ProviderAccountSchema = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  state: ProviderStateSchema,
  stateDetail: z.string().optional(),
  retryAt: z.iso.datetime().optional(),
  lastSyncedAt: z.iso.datetime().optional(),
  calendars: z.array(ProviderCalendarInfoSchema),
  lastReport: ProviderSyncReportSchema.optional(),
});
export const ProviderAccountsResponseSchema = z.object({ accounts: z.array(ProviderAccountSchema) });
export const AddProviderResponseSchema = z.object({
  account: ProviderAccountSchema,
  /** Set when this account's calendar became the user's default (they had none). */
  defaultCalendarId: z.string().optional(),
});

export const CalendarScopeResponseSchema = z.object({ account: ProviderAccountSchema });

export const SyncNowResponseSchema = z.object({ version: z.number().int(), providers: z.array(ProviderSyncReportSchema) });

/** With `accept: application/x-ndjson`, sync now streams progress lines before its result line. */
export const SYNC_PROGRESS_TYPE = 'application/x-ndjson';
export const SyncProgressLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), accountId: z.string(), calendarId: z.string(), calendarName: z.string(), done: z.number().int(), total: z.number().int().optional() }),
  z.object({ type: z.literal('result'), result: SyncNowResponseSchema }),
  z.object({ type: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);

export const SettingsSchema = z.record(z.string(), z.json());
export const SettingsBodySchema = z.object({ settings: SettingsSchema }).strict();
export const SettingsResponseSchema = z.object({ settings: SettingsSchema, updatedAt: z.iso.datetime().nullable() });

/** Sent on the stream when a version is committed for the device's user: time to pull. */
export const PokeSchema = z.object({ type: z.literal('poke'), version: z.number().int() });

export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;
export type JoinRequest = z.infer<typeof JoinRequestSchema>;
export type DeviceIdentity = z.infer<typeof DeviceIdentitySchema>;
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
export type PairingCodeResponse = z.infer<typeof PairingCodeResponseSchema>;
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;
export type PushRequest = z.infer<typeof PushRequestSchema>;
export type FieldConflict = z.infer<typeof FieldConflictSchema>;
export type MutationResult = z.infer<typeof MutationResultSchema>;
export type PushResponse = z.infer<typeof PushResponseSchema>;
export type PulledChange = z.infer<typeof PulledChangeSchema>;
export type PullResponse = z.infer<typeof PullResponseSchema>;
export type SyncNowResponse = z.infer<typeof SyncNowResponseSchema>;
export type ProviderState = z.infer<typeof ProviderStateSchema>;
export type ProviderAccount = z.infer<typeof ProviderAccountSchema>;
export type ProviderSyncReport = z.infer<typeof ProviderSyncReportSchema>;
export type RefusedItem = z.infer<typeof RefusedItemSchema>;
export type AddProviderResponse = z.infer<typeof AddProviderResponseSchema>;
export type ProviderCalendarInfo = z.infer<typeof ProviderCalendarInfoSchema>;
export type CalendarScopeRequest = z.infer<typeof CalendarScopeRequestSchema>;
export { AddProviderRequestSchema, type AddProviderRequest };
export type SyncProgressLine = z.infer<typeof SyncProgressLineSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;
export type Poke = z.infer<typeof PokeSchema>;
