import jwt from 'jsonwebtoken';
import type { DashboardSignIn } from '../config';
import { isGuid } from '../platform/keys';
import { KeysUnavailable, type EntraKeys } from './entra-keys';

/** Who a checked token says is calling: their Entra object id, and their display name where the token gives it. */
export interface Caller {
  readonly aadObjectId: string;
  readonly name?: string;
  /** `entra` for a Teams SSO token; `local` for local mode's own sign-in (loopback only). */
  readonly via: 'entra' | 'local';
}

/** Why a request is not served: each is answered 401 and nothing else, except `keys-unavailable` (503). */
export type Refusal =
  | 'no-token'
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'other-tenant'
  | 'bad-signature'
  | 'not-for-this-api'
  | 'not-from-this-machine'
  | 'sign-in-off'
  | 'keys-unavailable';

export type TokenCheck =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly reason: Refusal };

/** The delegated scope the tab asks for (its app registration exposes it: teamsapp/aad.manifest.json). */
export const API_SCOPE = 'access_as_user';

// Clocks drift: Entra's own libraries allow five minutes; two is plenty between Entra and App Service.
const CLOCK_TOLERANCE_S = 120;

/**
 * Checks an Entra access token for the dashboard's API, with jsonwebtoken: the tenant (`tid`) on the allow-list
 * before anything else, then the signature against the key Entra publishes for that tenant (RS256 only), then
 * expiry, not-before, audience (the app's client id or its `api://` URI) and issuer
 * (`{authority}/{tid}/v2.0`), and last that it is a user's token for this API (`scp` holds `access_as_user`, `oid`
 * is an object id). Every fault is a value, never an exception.
 */
export async function checkEntraToken(
  token: string,
  deps: { signIn: DashboardSignIn; tenants: readonly string[]; keys: EntraKeys; now: Date },
): Promise<TokenCheck> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object' || !decoded.header.kid) return refuse('malformed');
  const tid = typeof decoded.payload.tid === 'string' ? decoded.payload.tid.toLowerCase() : '';
  if (!deps.tenants.includes(tid)) return refuse('other-tenant');
  let key;
  try {
    key = await deps.keys.key(tid, decoded.header.kid);
  } catch (error) {
    if (error instanceof KeysUnavailable) return refuse('keys-unavailable');
    throw error;
  }
  if (!key) return refuse('bad-signature');
  const { signIn } = deps;
  let payload: jwt.JwtPayload;
  try {
    const verified = jwt.verify(token, key, {
      algorithms: ['RS256'],
      audience: [signIn.clientId, signIn.apiUri],
      issuer: `${signIn.authority}/${tid}/v2.0`,
      clockTolerance: CLOCK_TOLERANCE_S,
      clockTimestamp: Math.floor(deps.now.getTime() / 1000),
    });
    if (typeof verified === 'string') return refuse('malformed');
    payload = verified;
  } catch (error) {
    return refuse(refusalOf(error));
  }
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  if (!scopes.includes(API_SCOPE) || !isGuid(payload.oid)) return refuse('not-for-this-api');
  const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : undefined;
  return { ok: true, caller: { aadObjectId: payload.oid.toLowerCase(), via: 'entra', ...(name ? { name } : {}) } };
}

export const refuse = (reason: Refusal): TokenCheck => ({ ok: false, reason });

/** jsonwebtoken says what failed in its error's class and message; each becomes a refusal. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof jwt.TokenExpiredError) return 'expired';
  if (error instanceof jwt.NotBeforeError) return 'not-yet-valid';
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('jwt audience invalid')) return 'wrong-audience';
  if (message.startsWith('jwt issuer invalid')) return 'wrong-issuer';
  if (message === 'invalid signature' || message === 'invalid algorithm') return 'bad-signature';
  return 'malformed';
}
