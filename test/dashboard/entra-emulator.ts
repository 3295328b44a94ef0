import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { TENANT_ID } from '../support/activities';

/** The tenant the dashboard's tests sign in from (the bot's tests' tenant), another one, and the tab's app. */
export const TENANT = TENANT_ID;
export const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
export const CLIENT_ID = 'c1c1c1c1-d2d2-4e3e-8f4f-a5a5a5a5a5a5';
export const API_URI = `api://staff-voice.example.nhs.uk/${CLIENT_ID}`;

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

const newKey = (): SigningKey => ({ kid: randomUUID(), ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });

/**
 * A stand-in for Entra's key endpoint, as the connector emulator stands in for Teams: a real HTTP server publishing
 * the keys it signs with at `/{tenant}/discovery/v2.0/keys`, and access tokens shaped as Entra issues them for the
 * tab (v2: issuer `{authority}/{tid}/v2.0`, audience the client id, `scp` access_as_user, `oid`, `tid`, `name`).
 * Tests make every fault on purpose: expired, another audience, another issuer, another tenant, a key it never
 * published. It counts the key requests it answers, and can be told to fail them.
 */
export class EntraEmulator {
  private published: SigningKey[] = [newKey()];
  /** Key requests answered, by tenant in the path. */
  readonly keyRequests: string[] = [];
  failing = false;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<EntraEmulator> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const emulator = new EntraEmulator(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => emulator.answer(req.url ?? '', res));
    return emulator;
  }

  /** An access token for the tab's API, as Entra would issue it, with any claim replaced or removed (undefined). */
  token(
    claims: Record<string, unknown> = {},
    options: { key?: 'published' | 'unpublished'; algorithm?: jwt.Algorithm; secret?: string } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const tid = typeof claims.tid === 'string' ? claims.tid : TENANT;
    const payload: Record<string, unknown> = {
      aud: CLIENT_ID,
      iss: `${this.url}/${tid}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      tid,
      oid: randomUUID(),
      scp: 'access_as_user',
      name: 'Someone',
      ver: '2.0',
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    const signing = this.published[0]!;
    // A key with the published key's id that Entra never published: the signature cannot be verified.
    const key = options.key === 'unpublished' ? newKey().privateKey : signing.privateKey;
    return jwt.sign(payload, options.secret ?? key, {
      algorithm: options.algorithm ?? 'RS256',
      keyid: signing.kid,
    });
  }

  /** Entra rolls its keys: a new one signs from now on, and both are published. */
  rollKeys(): void {
    this.published = [newKey(), ...this.published];
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(url: string, res: ServerResponse): void {
    const match = /^\/([^/]+)\/discovery\/v2\.0\/keys$/.exec(url);
    if (!match) return void reply(res, 404);
    this.keyRequests.push(decodeURIComponent(match[1]!));
    if (this.failing) return void reply(res, 503);
    const keys = this.published.map((k) => ({
      ...(k.publicKey.export({ format: 'jwk' }) as Record<string, string>),
      kid: k.kid,
      use: 'sig',
      alg: 'RS256',
    }));
    reply(res, 200, JSON.stringify({ keys }));
  }
}

function reply(res: ServerResponse, status: number, json?: string): void {
  res.statusCode = status;
  if (json) res.setHeader('content-type', 'application/json');
  res.end(json);
}
