import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp';
import { fileKeySecretBox } from '../secrets';
import type { SecretStorage } from './ports';
import { keychainSecretBox } from './secrets';

const tempDir = useTempDirs();

/** A stand-in keychain: reversible, and visibly not the plaintext. */
function memoryKeychain(available = true): SecretStorage & { available: boolean } {
  return {
    available,
    isAvailable() {
      return this.available;
    },
    encrypt: (plaintext) => Buffer.from(plaintext, 'utf8').reverse(),
    decrypt: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
  };
}

describe('the desktop secret box', () => {
  it('seals with the OS keychain where there is one', () => {
    const box = keychainSecretBox(memoryKeychain(), fileKeySecretBox(tempDir()));
    const sealed = box.seal('refresh-token-123');
    expect(sealed).toMatch(/^os1:/);
    expect(sealed).not.toContain('refresh-token-123');
    expect(box.open(sealed)).toBe('refresh-token-123');
  });

  it('falls back to the key file without a keychain, and opens secrets sealed headless', () => {
    const dir = tempDir();
    const keychain = memoryKeychain(false);
    const box = keychainSecretBox(keychain, fileKeySecretBox(dir));
    const sealed = box.seal('api-key');
    expect(sealed).toMatch(/^v1:/);
    keychain.available = true;
    expect(box.open(sealed)).toBe('api-key');
    expect(box.open(fileKeySecretBox(dir).seal('from the CLI'))).toBe('from the CLI');
  });

  it('says what to do with a keychain secret where the keychain is missing', () => {
    const keychain = memoryKeychain();
    const box = keychainSecretBox(keychain, fileKeySecretBox(tempDir()));
    const sealed = box.seal('device key');
    keychain.available = false;
    expect(() => box.open(sealed)).toThrow(/sealed with the desktop keychain, which is not available here/);
  });
});
