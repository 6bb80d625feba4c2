import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DeviceCredentials } from '../sync/client';
import { PublicKeyJwkSchema } from '../sync/protocol';
import type { SecretBox } from './secrets';

const IDENTITY_FILE = 'sync-identity.json';

const StoredIdentitySchema = z.object({
  serverUrl: z.string(),
  userId: z.string(),
  deviceId: z.string(),
  publicJwk: PublicKeyJwkSchema,
  /** The device's private key JWK, sealed by the secret box. */
  sealedPrivateJwk: z.string(),
});

/** This device's sync identity, or undefined when it has not connected to a server. */
export function loadCredentials(dataDir: string, box: SecretBox): DeviceCredentials | undefined {
  const file = path.join(dataDir, IDENTITY_FILE);
  if (!existsSync(file)) return undefined;
  const stored = StoredIdentitySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    serverUrl: stored.serverUrl,
    userId: stored.userId,
    deviceId: stored.deviceId,
    keys: { publicJwk: stored.publicJwk, privateJwk: JSON.parse(box.open(stored.sealedPrivateJwk)) },
  };
}

/** Writes the identity atomically (temp file, then rename), readable by this user only. */
export function saveCredentials(dataDir: string, box: SecretBox, credentials: DeviceCredentials): void {
  const file = path.join(dataDir, IDENTITY_FILE);
  const stored = {
    serverUrl: credentials.serverUrl,
    userId: credentials.userId,
    deviceId: credentials.deviceId,
    publicJwk: credentials.keys.publicJwk,
    sealedPrivateJwk: box.seal(JSON.stringify(credentials.keys.privateJwk)),
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function forgetCredentials(dataDir: string): void {
  rmSync(path.join(dataDir, IDENTITY_FILE), { force: true });
}
