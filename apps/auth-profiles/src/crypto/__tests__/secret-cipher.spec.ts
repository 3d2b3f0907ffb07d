import { randomBytes } from 'node:crypto';
import { SecretCipher, SecretDecryptionError } from '../secret-cipher';

const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;

describe('SecretCipher', () => {
  it('round-trips a secret and never stores it in clear', () => {
    const cipher = new SecretCipher([k1]);
    const value = cipher.encrypt('refresh-token-value', 'connection:1:secrets');
    expect(value).toMatch(/^v1:k1:/);
    expect(value).not.toContain('refresh-token-value');
    expect(cipher.decrypt(value, 'connection:1:secrets')).toBe('refresh-token-value');
  });

  it('refuses a value moved to another row (associated data) or tampered with', () => {
    const cipher = new SecretCipher([k1]);
    const value = cipher.encrypt('secret', 'connection:1:secrets');
    expect(() => cipher.decrypt(value, 'connection:2:secrets')).toThrow(SecretDecryptionError);
    const parts = value.split(':');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'), 'connection:1:secrets')).toThrow(SecretDecryptionError);
  });

  it('rotates: writes under the active key, reads both, and says which values need re-encryption', () => {
    const old = new SecretCipher([k1]).encrypt('secret', 'ctx');
    const rotated = new SecretCipher([k2, k1], 'k2');
    expect(rotated.decrypt(old, 'ctx')).toBe('secret');
    expect(rotated.needsRotation(old)).toBe(true);
    const fresh = rotated.encrypt('secret', 'ctx');
    expect(rotated.keyIdOf(fresh)).toBe('k2');
    expect(rotated.needsRotation(fresh)).toBe(false);
    expect(() => new SecretCipher([k2]).decrypt(old, 'ctx')).toThrow(/key "k1"/);
  });

  it('refuses an active key id that is not configured', () => {
    expect(() => new SecretCipher([k1], 'k9')).toThrow(/ENCRYPTION_ACTIVE_KEY_ID/);
  });
});
