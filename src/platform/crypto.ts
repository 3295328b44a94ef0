import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

const SEALED_V1 = 'v1';
const SEALED_V2 = 'v2';
const TAG_BYTES = 16; // GCM's full tag, pinned: a shortened tag is refused, not accepted at lower strength
/** The key id sealed values made before key ids existed are counted under (`v1:iv:tag:body`, the secret used as is). */
export const LEGACY_KEY_ID = 'legacy';

/**
 * A set of keys that tags: `tag` is a keyed one-way tag (HMAC) under the current key, what new rows are written under;
 * `tags`, during a rotation, the same parts' tag under every configured key, current first, what lookups try. A set
 * without `tags` has one key. Equal parts give equal tags; without the key, none can be made or tested.
 */
export interface Tagger {
  tag(...parts: readonly string[]): string;
  tags?(...parts: readonly string[]): string[];
}

/**
 * A set of keys that seals: AES-256-GCM under the current key, `context` binding the value to where it belongs (it
 * must match to open); `open` takes a value sealed under any configured key; `isCurrent` says whether a value is
 * already under the current key (nothing for the re-seal job to do).
 */
export interface Sealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  isCurrent(sealed: string): boolean;
}

/** A set of keys that both tags and seals (survey answers: markers and ids tagged, queued answers sealed). */
export type TaggingSealer = Tagger & Sealer;

/** A new random key, base64 (local mode keeps one under .data/). */
export const newSealingKey = (): string => randomBytes(32).toString('base64');

function secretBytes(base64Secret: string, who: string): Buffer {
  const secret = Buffer.from(base64Secret, 'base64');
  if (secret.length !== 32) throw new Error(`${who}: the secret must be 32 bytes (base64)`);
  return secret;
}

// Keys are held as KeyObjects, made once: given a Buffer, every createHmac and createCipheriv first tries it as a key
// object, which on Node 24 costs several times the HMAC itself (16 µs against 2 µs, measured; see performance.md).
const keyOf = (bytes: Buffer): KeyObject => createSecretKey(bytes);

function gcmSeal(key: KeyObject, plaintext: string, context: string): { iv: string; tag: string; body: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), body: body.toString('base64') };
}

function gcmOpen(
  key: KeyObject,
  parts: { iv: string; tag: string; body: string },
  context: string,
  who: string,
): string {
  const authTag = Buffer.from(parts.tag, 'base64');
  if (authTag.length !== TAG_BYTES) throw new Error(`${who}: the authentication tag is not 16 bytes`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(parts.body, 'base64')), decipher.final()]).toString('utf8');
}

const hmac40 = (key: KeyObject, parts: readonly string[]): string =>
  createHmac('sha256', key).update(parts.join('\u0000')).digest('hex').slice(0, 40);

/**
 * Keys for one purpose (e.g. survey answers), derived with HKDF from one configured secret so that a sealing key is
 * never also an HMAC key, and one purpose's key opens nothing of another's. Sealed values name their key (`kid`), so
 * a newer secret can seal new values while the old one still opens old values (see KeyRing).
 */
export class PurposeKeys implements Tagger, Sealer {
  /** Names the secret without revealing it: the first 8 bytes of an HKDF output of their own. */
  readonly keyId: string;
  private readonly sealKey: KeyObject;
  private readonly tagKey: KeyObject;

  constructor(base64Secret: string, purpose: string) {
    const secret = secretBytes(base64Secret, 'PurposeKeys');
    const derive = (use: string, bytes: number) =>
      Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `staff-voice/${purpose}/${use}`, bytes));
    this.keyId = derive('key-id', 8).toString('hex');
    this.sealKey = keyOf(derive('seal', 32));
    this.tagKey = keyOf(derive('tag', 32));
  }

  /** AES-256-GCM, a fresh 96-bit IV each time; `context` binds the value to where it belongs (it must match to open). */
  seal(plaintext: string, context: string): string {
    const { iv, tag, body } = gcmSeal(this.sealKey, plaintext, context);
    return [SEALED_V2, this.keyId, iv, tag, body].join(':');
  }

  /** Opens a value sealed with these keys and this context; throws on any other key, context, tag or tampering. */
  open(sealed: string, context: string): string {
    const [version, kid, iv, tag, body] = sealed.split(':');
    if (version !== SEALED_V2 || !kid || !iv || !tag || body === undefined)
      throw new Error('PurposeKeys: not a sealed value');
    if (kid !== this.keyId) throw new Error(`PurposeKeys: sealed with another key (${kid})`);
    return gcmOpen(this.sealKey, { iv, tag, body }, context, 'PurposeKeys');
  }

  /** True when a value is sealed under these keys (one key: there is no other it could be moved to). */
  isCurrent(sealed: string): boolean {
    const [version, kid] = sealed.split(':', 2);
    return version === SEALED_V2 && kid === this.keyId;
  }

  /** A keyed one-way tag (HMAC-SHA256, 160 bits in hex): equal inputs give equal tags, and without the key none. */
  tag(...parts: readonly string[]): string {
    return hmac40(this.tagKey, parts);
  }
}

/** The secrets a process holds: the current one seals; the previous ones (during a rotation) only open and look up. */
export interface Secrets {
  readonly current: string;
  readonly previous?: readonly string[];
}

/**
 * Every configured secret's keys for one purpose. New values are sealed, and new tags made, with the current secret
 * only; a value opens with whichever configured secret its key id names, so rotating the secret needs no downtime:
 * old values stay readable until the re-seal job (platform/reseal.ts) has moved them, and lookups by tag try every
 * secret's tag (`tags`). With `legacy`, values from before key ids (`v1:…`, sealed with a secret used directly as the
 * AES key, and tags made with it) still open and are still found, under any configured secret.
 */
export class KeyRing implements Tagger, Sealer {
  private readonly current: PurposeKeys;
  private readonly byId = new Map<string, PurposeKeys>();
  private readonly legacy: KeyObject[];

  constructor(secrets: Secrets, purpose: string, options: { legacy?: boolean } = {}) {
    const all = [secrets.current, ...(secrets.previous ?? []).filter((s) => s !== secrets.current)];
    const keys = [...new Set(all)].map((s) => new PurposeKeys(s, purpose));
    this.current = keys[0]!;
    for (const k of keys) this.byId.set(k.keyId, k);
    this.legacy = options.legacy ? [...new Set(all)].map((s) => keyOf(secretBytes(s, 'KeyRing'))) : [];
  }

  /** The key id new values are sealed under. */
  get keyId(): string {
    return this.current.keyId;
  }

  /** Names the configured secrets without revealing them: changes exactly when a secret is added or removed. */
  get fingerprint(): string {
    return [this.current.keyId, ...[...this.byId.keys()].filter((id) => id !== this.current.keyId).sort()].join('+');
  }

  /** True while a previous secret is configured (a rotation is under way). */
  get rotating(): boolean {
    return this.byId.size > 1;
  }

  seal(plaintext: string, context: string): string {
    return this.current.seal(plaintext, context);
  }

  /** Opens a value sealed under any configured secret (or, with `legacy`, a v1 value); throws if none opens it. */
  open(sealed: string, context: string): string {
    const kid = this.keyIdOf(sealed);
    if (kid === LEGACY_KEY_ID) return this.openLegacy(sealed, context);
    const keys = kid ? this.byId.get(kid) : undefined;
    if (!keys)
      throw new Error(kid ? `KeyRing: sealed with key ${kid}, which is not configured` : 'KeyRing: not a sealed value');
    return keys.open(sealed, context);
  }

  /** The key id a sealed value names (`legacy` for a v1 value), or undefined if it is not a sealed value. */
  keyIdOf(sealed: string): string | undefined {
    const [version, kid] = sealed.split(':', 2);
    if (version === SEALED_V2 && kid) return kid;
    return version === SEALED_V1 && this.legacy.length > 0 ? LEGACY_KEY_ID : undefined;
  }

  /** True when a value is sealed under the current secret: nothing for the re-seal job to do. */
  isCurrent(sealed: string): boolean {
    return this.keyIdOf(sealed) === this.current.keyId;
  }

  /** The current secret's tag: what new rows are written under. */
  tag(...parts: readonly string[]): string {
    return this.current.tag(...parts);
  }

  /** The tag under every configured secret, current first (then previous, then legacy): what lookups try. */
  tags(...parts: readonly string[]): string[] {
    const tags = [...this.byId.values()].map((k) => k.tag(...parts));
    tags.push(...this.legacy.map((secret) => hmac40(secret, parts)));
    return [...new Set(tags)];
  }

  private openLegacy(sealed: string, context: string): string {
    const [, iv, tag, body] = sealed.split(':');
    if (!iv || !tag || body === undefined) throw new Error('KeyRing: not a sealed value');
    if (Buffer.from(tag, 'base64').length !== TAG_BYTES)
      throw new Error('KeyRing: the authentication tag is not 16 bytes');
    for (const secret of this.legacy) {
      try {
        return gcmOpen(secret, { iv, tag, body }, context, 'KeyRing');
      } catch {
        // not this secret: try the next
      }
    }
    throw new Error('KeyRing: no configured key opens this value (sealed before key ids)');
  }
}

/**
 * Speak-up's keys (concern text, messages, reporters' identities and `my cases` lists, speak-up messages waiting in
 * the outbox): a KeyRing for the purpose `speak-up` over SPEAKUP_ENCRYPTION_KEY (and, during a rotation,
 * SPEAKUP_ENCRYPTION_KEY_PREVIOUS), reading what was sealed before key ids existed. The "associated data" (e.g. the
 * case reference) binds a ciphertext to its row, so a value copied into another case does not open there.
 */
export class SpeakUpKeys implements Sealer {
  private readonly ring: KeyRing;

  constructor(base64Key: string, previous: readonly string[] = []) {
    this.ring = new KeyRing({ current: base64Key, previous }, 'speak-up', { legacy: true });
  }

  get keyId(): string {
    return this.ring.keyId;
  }

  seal(plaintext: string, associatedData: string): string {
    return this.ring.seal(plaintext, associatedData);
  }

  open(sealed: string, associatedData: string): string {
    return this.ring.open(sealed, associatedData);
  }

  isCurrent(sealed: string): boolean {
    return this.ring.isCurrent(sealed);
  }

  /**
   * A keyed, one-way tag of a value (for lookups by a secret, e.g. "my cases"): useless without the key. Value first,
   * purpose second, though the tag is made over (purpose, value): so this is not a Tagger, whose parts go in order.
   */
  tag(value: string, purpose: string): string {
    return this.ring.tag(purpose, value);
  }

  /** The value's tag under every configured key, current first: a lookup tries each, so a rotation loses nothing. */
  tags(value: string, purpose: string): string[] {
    return this.ring.tags(purpose, value);
  }
}
