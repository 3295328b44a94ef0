import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

// Entra rolls its signing keys every few weeks and publishes the next one ahead of use: each tenant's keys are read
// again once a day, and at once when a token names a key not yet seen (at most every five minutes, so a stream of
// made-up key ids cannot turn every request into a call to Entra).
const REFRESH_MS = 24 * 60 * 60_000;
const UNKNOWN_KEY_RETRY_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

const optionalText = z.string().optional();
const jwks = z.object({
  keys: z.array(z.object({ kty: z.string(), kid: optionalText, use: optionalText, n: optionalText, e: optionalText })),
});

interface KeySet {
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly fetchedAt: number;
}

/** Why no key could be had: Entra did not answer, or answered with something that is not a key set. */
export class KeysUnavailable extends Error {}

/**
 * The token signing keys Entra publishes for a tenant (`{authority}/{tenant}/discovery/v2.0/keys`), kept in memory.
 * Only RSA signing keys are kept, as Node key objects: the token check (jsonwebtoken) verifies with them. The tenant
 * is one the allow-list named before anything is fetched.
 */
export class EntraKeys {
  private readonly sets = new Map<string, KeySet>();
  private readonly loading = new Map<string, Promise<KeySet>>();

  constructor(private readonly deps: { authority: string; now: () => number }) {}

  /** The key `kid` of a tenant, or undefined if Entra publishes none by that id. Throws KeysUnavailable. */
  async key(tenant: string, kid: string): Promise<KeyObject | undefined> {
    const set = this.sets.get(tenant);
    const age = set ? this.deps.now() - set.fetchedAt : Infinity;
    if (set && age < REFRESH_MS && (set.keys.has(kid) || age < UNKNOWN_KEY_RETRY_MS)) return set.keys.get(kid);
    try {
      return (await this.load(tenant)).keys.get(kid);
    } catch (error) {
      // Entra unreachable for a moment: yesterday's keys still verify today's tokens (they are published ahead).
      if (set) return set.keys.get(kid);
      throw error;
    }
  }

  /** One fetch per tenant at a time, however many requests are waiting for it. */
  private load(tenant: string): Promise<KeySet> {
    const pending = this.loading.get(tenant);
    if (pending) return pending;
    const started = this.fetchSet(tenant).finally(() => this.loading.delete(tenant));
    this.loading.set(tenant, started);
    return started;
  }

  private async fetchSet(tenant: string): Promise<KeySet> {
    const url = `${this.deps.authority}/${encodeURIComponent(tenant)}/discovery/v2.0/keys`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new KeysUnavailable(`Entra's signing keys could not be read from ${url}: ${String(error)}`);
    }
    const parsed = jwks.safeParse(body);
    if (!parsed.success) throw new KeysUnavailable(`Entra's answer at ${url} is not a key set`);
    const keys = new Map<string, KeyObject>();
    for (const jwk of parsed.data.keys) {
      const { kty, kid, use, n, e } = jwk;
      if (kty !== 'RSA' || !kid || !n || !e || (use !== undefined && use !== 'sig')) continue;
      try {
        keys.set(kid, createPublicKey({ key: { kty, n, e }, format: 'jwk' }));
      } catch {
        // A key Node cannot read verifies nothing: left out, as if unpublished.
      }
    }
    const set = { keys, fetchedAt: this.deps.now() };
    this.sets.set(tenant, set);
    return set;
  }
}
