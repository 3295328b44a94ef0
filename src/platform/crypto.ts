import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for what must never sit in storage as plain text (speak-up messages, reporter identities). Each value
 * gets a fresh 96-bit IV; the "associated data" (e.g. the case reference) binds a ciphertext to its row, so a value
 * copied into another case does not decrypt there.
 */
export class Sealer {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('Sealer: the encryption key must be 32 bytes (base64)');
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, associatedData: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Sealer: not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** A keyed, one-way tag of a value (for lookups by a secret, e.g. "my cases"): useless without the key. */
  tag(value: string, purpose: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('hex').slice(0, 40);
  }
}

/** A new random key, base64 (local mode keeps one under .data/). */
export const newSealingKey = (): string => randomBytes(32).toString('base64');

const SEALED_V2 = 'v2';
const TAG_BYTES = 16; // GCM's full tag, pinned: a shortened tag is refused, not accepted at lower strength

/**
 * Keys for one purpose (e.g. survey answers), derived with HKDF from the configured secret so that a sealing key is
 * never also an HMAC key, and one purpose's key opens nothing of another's. Sealed values name their key (`kid`), so
 * a newer secret can seal new values while the old one still opens old values.
 */
export class PurposeKeys {
  /** Names the secret without revealing it: the first 8 bytes of an HKDF output of their own. */
  readonly keyId: string;
  private readonly sealKey: Buffer;
  private readonly tagKey: Buffer;

  constructor(base64Secret: string, purpose: string) {
    const secret = Buffer.from(base64Secret, 'base64');
    if (secret.length !== 32) throw new Error('PurposeKeys: the secret must be 32 bytes (base64)');
    const derive = (use: string, bytes: number) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `staff-voice/${purpose}/${use}`, bytes));
    this.keyId = derive('key-id', 8).toString('hex');
    this.sealKey = derive('seal', 32);
    this.tagKey = derive('tag', 32);
  }

  /** AES-256-GCM, a fresh 96-bit IV each time; `context` binds the value to where it belongs (it must match to open). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [SEALED_V2, this.keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  /** Opens a value sealed with these keys and this context; throws on any other key, context, tag or tampering. */
  open(sealed: string, context: string): string {
    const [version, kid, iv, tag, body] = sealed.split(':');
    if (version !== SEALED_V2 || !kid || !iv || !tag || body === undefined) throw new Error('PurposeKeys: not a sealed value');
    if (kid !== this.keyId) throw new Error(`PurposeKeys: sealed with another key (${kid})`);
    const authTag = Buffer.from(tag, 'base64');
    if (authTag.length !== TAG_BYTES) throw new Error('PurposeKeys: the authentication tag is not 16 bytes');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** A keyed one-way tag (HMAC-SHA256, 160 bits in hex): equal inputs give equal tags, and without the key none. */
  tag(...parts: readonly string[]): string {
    return createHmac('sha256', this.tagKey).update(parts.join('\u0000')).digest('hex').slice(0, 40);
  }
}
