import type { DeviceInfo, PublicKeyJwk } from '../../src/sync/protocol';
import { isUniqueViolation, type Queryable } from '../db/database';
import { HttpError } from '../errors';

export interface DeviceRecord {
  id: string;
  userId: string;
  keyThumbprint: string;
  revoked: boolean;
  lastSeenAt: Date | null;
}

export interface NewDevice {
  name: string;
  publicKey: PublicKeyJwk;
  keyThumbprint: string;
}

/** Adds a device to a user; a key already registered (by anyone) is refused. */
export async function insertDevice(tx: Queryable, userId: string, device: NewDevice): Promise<string> {
  const id = crypto.randomUUID();
  try {
    await tx.query('insert into devices (id, user_id, name, public_key, key_thumbprint) values ($1, $2, $3, $4::jsonb, $5)', [
      id,
      userId,
      device.name,
      JSON.stringify(device.publicKey),
      device.keyThumbprint,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, 'key-in-use', 'this public key is already registered; generate a new key for this device');
    throw error;
  }
  return id;
}

export async function findDevice(db: Queryable, deviceId: string): Promise<DeviceRecord | undefined> {
  const [row] = await db.query<{ id: string; user_id: string; key_thumbprint: string; revoked: boolean; last_seen_at: Date | null }>(
    'select id, user_id, key_thumbprint, revoked_at is not null as revoked, last_seen_at from devices where id = $1',
    [deviceId],
  );
  return row && { id: row.id, userId: row.user_id, keyThumbprint: row.key_thumbprint, revoked: row.revoked, lastSeenAt: row.last_seen_at };
}

/** Minutes are precise enough for "last seen", and spare a write on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export async function noteSeen(db: Queryable, device: DeviceRecord, now = new Date()): Promise<void> {
  if (device.lastSeenAt && now.getTime() - device.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS) return;
  await db.query('update devices set last_seen_at = $2 where id = $1', [device.id, now.toISOString()]);
}

export async function listDevices(db: Queryable, userId: string, currentDeviceId: string): Promise<DeviceInfo[]> {
  const rows = await db.query<{ id: string; name: string; created_at: Date; last_seen_at: Date | null; revoked_at: Date | null }>(
    'select id, name, created_at, last_seen_at, revoked_at from devices where user_id = $1 order by created_at, id',
    [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    current: row.id === currentDeviceId,
  }));
}

/** Revokes one of the user's devices (again is fine); false when the user has no such device. */
export async function revokeDevice(db: Queryable, userId: string, deviceId: string): Promise<boolean> {
  const rows = await db.query('update devices set revoked_at = coalesce(revoked_at, now()) where id = $1 and user_id = $2 returning id', [deviceId, userId]);
  return rows.length > 0;
}
