import type { SecretBox } from '../secrets';
import type { SecretStorage } from './ports';

const KEYCHAIN_PREFIX = 'os1:';

/**
 * The desktop's SecretBox: sealed by the OS keychain (safeStorage) where there is one, else by
 * the headless key file. Either kind opens, so secrets stored by `tempopilot` headless keep
 * working in the desktop app; the reverse needs the keychain, and says so.
 */
export function keychainSecretBox(storage: SecretStorage, fallback: SecretBox): SecretBox {
  return {
    seal(plaintext) {
      if (!storage.isAvailable()) return fallback.seal(plaintext);
      return KEYCHAIN_PREFIX + storage.encrypt(plaintext).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(KEYCHAIN_PREFIX)) return fallback.open(sealed);
      if (!storage.isAvailable()) {
        throw new Error('this secret was sealed with the desktop keychain, which is not available here: open the TempoPilot desktop app, or connect this device again');
      }
      return storage.decrypt(Buffer.from(sealed.slice(KEYCHAIN_PREFIX.length), 'base64'));
    },
  };
}

