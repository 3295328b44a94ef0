import type { DashboardSignIn } from '../config';
import type { Clock } from '../platform/clock';
import type { HttpRequest } from '../platform/http';
import type { EntraKeys } from './entra-keys';
import { fromThisMachine, type LocalSignIn } from './local-sign-in';
import { checkEntraToken, refuse, type TokenCheck } from './token-check';

// Entra access tokens are a few kilobytes; anything far bigger is not one, and is not decoded.
const MAX_TOKEN_CHARS = 16_384;

/**
 * Who is calling the dashboard's API, from the request's `Authorization: Bearer` token: Entra's (Teams SSO), or in
 * local mode only, local mode's own from this machine. Nothing else identifies anyone: no cookie, no query string.
 */
export class CallerCheck {
  constructor(
    private readonly deps: {
      /** Entra sign-in, when DASHBOARD_CLIENT_ID is set. */
      signIn?: { config: DashboardSignIn; keys: EntraKeys };
      /** Tenants whose people are served (the bot's allow-list). */
      tenants: readonly string[];
      /** Local mode's sign-in; absent in azure mode, so its tokens are never taken there. */
      local?: LocalSignIn;
      clock: Clock;
    },
  ) {}

  async check(request: HttpRequest): Promise<TokenCheck> {
    const token = bearerOf(request.header('authorization'));
    if (!token) return refuse('no-token');
    const { local, signIn } = this.deps;
    if (local?.claims(token)) return fromThisMachine(request) ? local.check(token) : refuse('not-from-this-machine');
    if (!signIn) return refuse('sign-in-off');
    return checkEntraToken(token, {
      signIn: signIn.config,
      tenants: this.deps.tenants,
      keys: signIn.keys,
      now: this.deps.clock.now(),
    });
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_CHARS ? token : undefined;
}
