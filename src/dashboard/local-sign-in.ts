import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Clock } from '../platform/clock';
import type { HttpRequest } from '../platform/http';
import { refuse, refusalOf, type TokenCheck } from './token-check';

const LOCAL_ISSUER = 'staff-voice-local';
const LOCAL_AUDIENCE = 'staff-voice-dashboard';
const LOCAL_TOKEN_SECONDS = 8 * 60 * 60;

/** A demo person as the local sign-in lists them. */
export interface LocalPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

/**
 * Local mode's sign-in: the page lists the demo people (src/local/demo.ts) and signs in as one, with a token this
 * process signs (HS256) and accepts only in local mode, from this machine. Azure mode never mounts it and never
 * accepts its tokens (dashboard.routes.ts); there, only Entra's tokens count.
 */
export class LocalSignIn {
  // This process's own secret: a restart signs everyone out, and no token outlives the run that made it.
  private readonly secret = randomBytes(32);

  constructor(
    private readonly deps: {
      people: readonly { name: string; aadObjectId: string; roles: readonly string[] }[];
      clock: Clock;
    },
  ) {}

  people(): LocalPerson[] {
    return this.deps.people.map((p) => ({ id: p.aadObjectId, name: p.name, roles: [...p.roles] }));
  }

  /** A token for one demo person, or undefined for anyone else. */
  issue(id: string): { token: string; name: string; expiresAt: string } | undefined {
    const person = this.deps.people.find((p) => p.aadObjectId === id);
    if (!person) return undefined;
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    const exp = now + LOCAL_TOKEN_SECONDS;
    const token = jwt.sign({ oid: person.aadObjectId, name: person.name, iat: now, exp }, this.secret, {
      algorithm: 'HS256',
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    return { token, name: person.name, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Whether a token claims to be one of these (it is checked by `check`, not trusted for saying so). */
  claims(token: string): boolean {
    const decoded = jwt.decode(token, { complete: true });
    return (
      decoded?.header.alg === 'HS256' && typeof decoded.payload === 'object' && decoded.payload.iss === LOCAL_ISSUER
    );
  }

  check(token: string): TokenCheck {
    try {
      const payload = jwt.verify(token, this.secret, {
        algorithms: ['HS256'],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        clockTimestamp: Math.floor(this.deps.clock.now().getTime() / 1000),
      });
      const person = typeof payload === 'object' && this.deps.people.find((p) => p.aadObjectId === payload.oid);
      if (!person) return refuse('malformed');
      return { ok: true, caller: { aadObjectId: person.aadObjectId, name: person.name, via: 'local' } };
    } catch (error) {
      return refuse(refusalOf(error));
    }
  }
}

const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
// Headers a proxy adds: a dev tunnel or reverse proxy on this machine connects from loopback on someone else's behalf.
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded', 'x-original-host'];

/**
 * Whether a request came from this machine itself: a loopback address, no proxy in between (a dev tunnel connects
 * from loopback too), and a loopback Host header (a web page elsewhere cannot reach it by rebinding its DNS).
 */
export function fromThisMachine(request: HttpRequest): boolean {
  const host = (request.header('host') ?? '').toLowerCase().replace(/:\d+$/, '');
  return (
    LOOPBACK_ADDRESSES.includes(request.remoteAddress) &&
    LOOPBACK_HOSTS.includes(host) &&
    PROXY_HEADERS.every((name) => request.header(name) === undefined)
  );
}
