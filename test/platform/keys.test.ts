import { parseConfig } from '../../src/config';
import { KeyRing, newSealingKey, PurposeKeys, SpeakUpKeys } from '../../src/platform/crypto';
import { legacySeal, legacyTag } from './keyed-harness';

/** Cuts a sealed value's GCM tag to `bytes` (GCM tags are prefixes of the full one, so a short one still "verifies"). */
function truncateTag(sealed: string, bytes: number): string {
  const parts = sealed.split(':');
  const at = parts.length - 2;
  parts[at] = Buffer.from(parts[at]!, 'base64').subarray(0, bytes).toString('base64');
  return parts.join(':');
}

describe('keys that rotate', () => {
  const key1 = newSealingKey();
  const key2 = newSealingKey();

  it('rejects a speak-up value whose GCM tag was cut short, however it was sealed', () => {
    const sealer = new SpeakUpKeys(key1);
    expect(() => sealer.open(truncateTag(sealer.seal('the concern', 'FTSU-2026-0001'), 4), 'FTSU-2026-0001')).toThrow(
      /16 bytes/,
    );
    expect(() => sealer.open(truncateTag(sealer.seal('the concern', 'FTSU-2026-0001'), 12), 'FTSU-2026-0001')).toThrow(
      /16 bytes/,
    );
    expect(() => sealer.open(legacySeal(key1, 'the concern', 'FTSU-2026-0001', 4), 'FTSU-2026-0001')).toThrow(
      /16 bytes/,
    );
    const answers = new KeyRing({ current: key1 }, 'survey-answers');
    expect(() => answers.open(truncateTag(answers.seal('{}', 'ctx'), 8), 'ctx')).toThrow(/16 bytes/);
  });

  it('names the key in every sealed value, and keys derived from the secret rather than the secret itself', () => {
    const sealer = new SpeakUpKeys(key1);
    const sealed = sealer.seal('the concern', 'FTSU-2026-0001');
    expect(sealed).toMatch(new RegExp(`^v2:${sealer.keyId}:`));
    expect(sealer.keyId).toMatch(/^[0-9a-f]{16}$/);
    // The secret used directly as the AES key (the old way) does not open it; the tag is not the secret's HMAC.
    expect(() => new KeyRing({ current: key1 }, 'survey-answers').open(sealed, 'FTSU-2026-0001')).toThrow();
    expect(sealer.tag('id', 'speak-up reporter')).not.toBe(legacyTag(key1, 'id', 'speak-up reporter'));
    // Sealing and tagging keys differ, and so do purposes: speak-up's key id is not the survey answers'.
    expect(sealer.keyId).not.toBe(new PurposeKeys(key1, 'survey-answers').keyId);
  });

  it('opens what it sealed before key ids existed (v1, the secret used directly), and finds the old tags', () => {
    const old = legacySeal(key1, 'reported before the upgrade', 'FTSU-2025-0007');
    expect(new SpeakUpKeys(key1).open(old, 'FTSU-2025-0007')).toBe('reported before the upgrade');
    expect(new SpeakUpKeys(key1).isCurrent(old)).toBe(false);
    // …also once the secret that sealed it has become the previous one.
    expect(new SpeakUpKeys(key2, [key1]).open(old, 'FTSU-2025-0007')).toBe('reported before the upgrade');
    expect(new SpeakUpKeys(key2, [key1]).tags('id', 'speak-up reporter')).toContain(
      legacyTag(key1, 'id', 'speak-up reporter'),
    );
    expect(() => new SpeakUpKeys(key2).open(old, 'FTSU-2025-0007')).toThrow(/no configured key/);
    expect(() => new SpeakUpKeys(key1).open(old, 'FTSU-2025-0008')).toThrow(); // still bound to its case
  });

  it('seals new values with the new key, opens old ones with the previous key, and nothing once it is removed', () => {
    const before = new SpeakUpKeys(key1);
    const during = new SpeakUpKeys(key2, [key1]);
    const after = new SpeakUpKeys(key2);
    const old = before.seal('sealed under key 1', 'c');
    const fresh = during.seal('sealed under key 2', 'c');
    expect(fresh.split(':')[1]).toBe(after.keyId);
    expect(during.open(old, 'c')).toBe('sealed under key 1');
    expect(during.isCurrent(old)).toBe(false);
    expect(during.isCurrent(fresh)).toBe(true);
    expect(after.open(fresh, 'c')).toBe('sealed under key 2');
    expect(() => after.open(old, 'c')).toThrow(new RegExp(`sealed with key ${before.keyId}, which is not configured`));
    // Lookups try every configured key's tag, the current first.
    expect(during.tags('id', 'p')).toEqual([
      after.tag('id', 'p'),
      before.tag('id', 'p'),
      legacyTag(key2, 'id', 'p'),
      legacyTag(key1, 'id', 'p'),
    ]);
    expect(during.tag('id', 'p')).toBe(after.tag('id', 'p'));
  });

  it('keeps survey answers sealed by PurposeKeys readable by the ring, and tags them the same way', () => {
    const ring = new KeyRing({ current: key2, previous: [key1] }, 'survey-answers');
    const queued = new PurposeKeys(key1, 'survey-answers').seal('{"answers":{}}', 'surveys/responses-queue/v2');
    expect(ring.open(queued, 'surveys/responses-queue/v2')).toBe('{"answers":{}}');
    expect(ring.tags('answered', 'w', 'p')).toEqual([
      new PurposeKeys(key2, 'survey-answers').tag('answered', 'w', 'p'),
      new PurposeKeys(key1, 'survey-answers').tag('answered', 'w', 'p'),
    ]);
    expect(ring.rotating).toBe(true);
    expect(new KeyRing({ current: key2, previous: [key2] }, 'survey-answers').rotating).toBe(false); // the same key twice is one key
    expect(() => ring.open(legacySeal(key1, 'x', 'c'), 'c')).toThrow(/not a sealed value/); // survey answers never had v1 values
  });
});

describe('configuring a rotation (SPEAKUP_ENCRYPTION_KEY_PREVIOUS)', () => {
  const key1 = newSealingKey();
  const key2 = newSealingKey();
  const key3 = newSealingKey();
  const problems = (env: Record<string, string>) => {
    const r = parseConfig(env);
    return r.ok ? [] : r.problems;
  };

  it('takes the previous key, or a comma-separated list, beside the current one', () => {
    const r = parseConfig({ SPEAKUP_ENCRYPTION_KEY: key2, SPEAKUP_ENCRYPTION_KEY_PREVIOUS: ` ${key1} , ${key3}` });
    expect(r.ok && r.config.speakUp).toEqual({ encryptionKey: key2, previousEncryptionKeys: [key1, key3] });
    const none = parseConfig({ SPEAKUP_ENCRYPTION_KEY: key2 });
    expect(none.ok && none.config.speakUp).toEqual({ encryptionKey: key2, previousEncryptionKeys: [] });
  });

  it('ignores a previous key equal to the current one: one key is one key', () => {
    const r = parseConfig({ SPEAKUP_ENCRYPTION_KEY: key2, SPEAKUP_ENCRYPTION_KEY_PREVIOUS: key2 });
    expect(r.ok && r.config.speakUp?.previousEncryptionKeys).toEqual([]);
  });

  it('refuses, naming the setting, a malformed key, an unresolved Key Vault reference, or a previous key alone', () => {
    expect(problems({ SPEAKUP_ENCRYPTION_KEY: key2, SPEAKUP_ENCRYPTION_KEY_PREVIOUS: 'not-a-key' })).toEqual([
      expect.stringMatching(/^SPEAKUP_ENCRYPTION_KEY_PREVIOUS: must be 32-byte keys/),
    ]);
    expect(
      problems({
        SPEAKUP_ENCRYPTION_KEY: key2,
        SPEAKUP_ENCRYPTION_KEY_PREVIOUS:
          '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/speakup-encryption-key/abc)',
      }),
    ).toEqual([expect.stringMatching(/^SPEAKUP_ENCRYPTION_KEY_PREVIOUS: is an unresolved Key Vault reference/)]);
    expect(problems({ SPEAKUP_ENCRYPTION_KEY_PREVIOUS: key1 })).toEqual([
      expect.stringMatching(/^SPEAKUP_ENCRYPTION_KEY_PREVIOUS: only with SPEAKUP_ENCRYPTION_KEY/),
    ]);
  });
});
