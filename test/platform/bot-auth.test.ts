import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botTokenSource } from '../../src/platform/teams/bot-auth';

describe('outbound Bot Connector tokens', () => {
  it('sends no token in local mode (no bot id)', async () => {
    expect(await botTokenSource({ auth: 'none' }).token()).toBeUndefined();
  });

  describe("as the bot's user-assigned managed identity", () => {
    // App Service's managed identity endpoint, as the platform gives it to the process (IDENTITY_ENDPOINT and
    // IDENTITY_HEADER): a local stand-in that hands out one token and records who asked, for what.
    const appId = '0b7c1a2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const identityHeader = randomUUID();
    const accessToken = 'eyJ0eXAiOiJKV1QifQ.' + randomUUID().replace(/-/g, '');
    const requests: { url: string; secret: string | undefined }[] = [];
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    let identity: Server;

    beforeAll(async () => {
      identity = createServer((req, res) => {
        requests.push({ url: req.url ?? '', secret: req.headers['x-identity-header'] as string | undefined });
        res.writeHead(200, { 'content-type': 'application/json' });
        const expiresOn = String(Math.floor(Date.now() / 1000) + 3600);
        const body = { access_token: accessToken, expires_on: expiresOn, token_type: 'Bearer', client_id: appId };
        res.end(JSON.stringify({ ...body, resource: 'https://api.botframework.com' }));
      });
      await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(identity.address() as AddressInfo).port}/msi/token`;
      process.env.IDENTITY_HEADER = identityHeader;
    });

    afterAll(async () => {
      for (const [name, value] of [
        ['IDENTITY_ENDPOINT', saved.endpoint],
        ['IDENTITY_HEADER', saved.header],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      await new Promise((resolve) => identity.close(resolve));
    });

    it('asks for a Bot Connector token as the identity, once, and hands out that token', async () => {
      const tokens = botTokenSource({ auth: 'UserAssignedMsi', appId, tenantId: randomUUID() });
      expect(requests).toHaveLength(0); // nothing is asked for until a call needs a token
      expect(await tokens.token()).toBe(accessToken);
      expect(await tokens.token()).toBe(accessToken);
      expect(requests).toHaveLength(1); // the second call is served from the credential's cache
      const query = new URL(requests[0]!.url, 'http://identity').searchParams;
      expect(query.get('client_id')).toBe(appId);
      expect(query.get('resource')).toMatch(/^https:\/\/api\.botframework\.com\/?$/);
      expect(requests[0]!.secret).toBe(identityHeader);
    });
  });
});
