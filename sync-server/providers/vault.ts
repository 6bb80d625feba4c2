import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Envelope encryption for provider credentials (DESIGN.md §6): each secret is sealed with a key
 * of its own, and that key is wrapped by the server's key-encryption key, which never enters the
 * database. A database dump alone reveals no password or refresh token.
 */

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export const SealedSecretSchema = z.object({
  v: z.literal(1),
  /** Which key-encryption key wrapped the data key (its fingerprint). */
  kek: z.string(),
  wrappedKey: z.string(),
  iv: z.string(),
  data: z.string(),
});
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

export class VaultError extends Error {
  override name = 'VaultError';
}

/** iv ‖ ciphertext ‖ tag, base64. */
function encrypt(key: Buffer, plaintext: Buffer): { iv: string; data: string } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), data: data.toString('base64') };
}

function decrypt(key: Buffer, iv: string, data: string): Buffer {
  const bytes = Buffer.from(data, 'base64');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
}

export class SecretVault {
  private readonly fingerprint: string;

  constructor(private readonly kek: Buffer) {
    if (kek.length !== KEY_BYTES) throw new VaultError(`the secret key must be ${KEY_BYTES} bytes, not ${kek.length}`);
    this.fingerprint = createHash('sha256').update(kek).digest('base64url').slice(0, 16);
  }

  seal(plaintext: string): SealedSecret {
    const dataKey = randomBytes(KEY_BYTES);
    const wrapped = encrypt(this.kek, dataKey);
    const sealed = encrypt(dataKey, Buffer.from(plaintext, 'utf8'));
    return { v: 1, kek: this.fingerprint, wrappedKey: `${wrapped.iv}.${wrapped.data}`, iv: sealed.iv, data: sealed.data };
  }

  open(sealed: SealedSecret): string {
    if (sealed.kek !== this.fingerprint) throw new VaultError('this secret was sealed with another server key; add the account again');
    try {
      const [wrappedIv, wrappedData] = sealed.wrappedKey.split('.');
      const dataKey = decrypt(this.kek, wrappedIv ?? '', wrappedData ?? '');
      return decrypt(dataKey, sealed.iv, sealed.data).toString('utf8');
    } catch (error) {
      throw new VaultError('a stored secret could not be decrypted (damaged, or sealed with another key)', { cause: error });
    }
  }
}

/** A key given as base64 (TEMPOPILOT_SECRET_KEY), e.g. from `openssl rand -base64 32`. */
export function vaultFromBase64(encoded: string): SecretVault {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new VaultError(`TEMPOPILOT_SECRET_KEY must be ${KEY_BYTES} bytes of base64 (openssl rand -base64 32)`);
  return new SecretVault(key);
}

/** The key kept in a 0600 file beside the server's data, made on first use. */
export function vaultFromKeyFile(file: string): SecretVault {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600 });
    renameSync(partial, file);
  }
  return vaultFromBase64(readFileSync(file, 'utf8'));
}
