import { createHash, randomInt } from 'node:crypto';
import type { Queryable } from '../db/database';

/** No 0/O or 1/I/L: a code read aloud or copied by hand comes through intact. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

/** `XXXX-XXXX`: 31^8 ≈ 8.5·10^11 codes, each usable once for ten minutes. */
export function newPairingCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Only the hash is stored, so a copy of the database gives no usable code. */
export function hashPairingCode(code: string): string {
  const normalised = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(normalised).digest('hex');
}

export async function storePairingCode(db: Queryable, userId: string, deviceId: string, now = Date.now()): Promise<{ code: string; expiresAt: string }> {
  const expiresAt = new Date(now + PAIRING_CODE_TTL_MS).toISOString();
  for (;;) {
    const code = newPairingCode();
    const rows = await db.query(
      `insert into pairing_codes (code_hash, user_id, created_by, expires_at) values ($1, $2, $3, $4)
       on conflict (code_hash) do nothing returning code_hash`,
      [hashPairingCode(code), userId, deviceId, expiresAt],
    );
    if (rows.length > 0) return { code, expiresAt };
  }
}

/** Uses up a code: the user it pairs with, or undefined when it is unknown, used or expired. */
export async function redeemPairingCode(tx: Queryable, code: string, now = new Date()): Promise<string | undefined> {
  const [row] = await tx.query<{ user_id: string }>(
    `update pairing_codes set used_at = $2 where code_hash = $1 and used_at is null and expires_at > $2 returning user_id`,
    [hashPairingCode(code), now.toISOString()],
  );
  return row?.user_id;
}

