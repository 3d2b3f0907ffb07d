import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  KeyObject,
  randomBytes,
} from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** Raised when a stored secret cannot be read: unknown key id, tampering, or a row swap. */
export class SecretDecryptionError extends Error {}

/**
 * AES-256-GCM with a key id in every value (`v1:<kid>:<iv>:<tag>:<ciphertext>`), so keys rotate:
 * new values use the active key and old ones still read while their key is configured.
 * The associated data binds a value to its row: a ciphertext copied into another row fails.
 */
export class SecretCipher {
  // KeyObjects, built once: turning raw bytes into a key on every call costs more than the AES.
  private readonly keys: Map<string, KeyObject>;

  constructor(
    entries: readonly string[],
    readonly activeKeyId: string = entries[0]?.split(':')[0] ?? '',
  ) {
    this.keys = new Map(
      entries.map((entry) => {
        const [kid, key] = entry.split(':');
        return [kid, createSecretKey(Buffer.from(key, 'base64'))];
      }),
    );
    const active = this.keys.get(activeKeyId);
    if (!active || active.symmetricKeySize !== 32) {
      throw new Error(`ENCRYPTION_ACTIVE_KEY_ID "${activeKeyId}" is not one of ENCRYPTION_KEYS`);
    }
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, this.activeKeyId, ...parts].join(':');
  }

  decrypt(value: string, associatedData: string): string {
    const [version, kid, iv, tag, body] = value.split(':');
    const key = this.keys.get(kid);
    if (version !== VERSION || !key || body === undefined) {
      throw new SecretDecryptionError(`cannot read a secret under key "${kid}": key not configured`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretDecryptionError(`a secret under key "${kid}" failed authentication`);
    }
  }

  /**
   * A keyed digest to recognise a secret again without storing it (hex, 64 characters). It
   * changes with the active key: whatever it guards is then simply checked once more.
   */
  fingerprint(value: string): string {
    return createHmac('sha256', this.keys.get(this.activeKeyId)!).update(value).digest('hex');
  }

  keyIdOf(value: string): string {
    return value.split(':')[1];
  }

  needsRotation(value: string): boolean {
    return this.keyIdOf(value) !== this.activeKeyId;
  }
}
