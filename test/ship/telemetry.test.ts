import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { newSealingKey } from '../../src/platform/crypto';
import { isBackgroundPoll, redactUrl, urlRedactor } from '../../src/platform/telemetry';
import { freePort } from '../support/free-port';
import { testConnectionString, uniqueNamespace } from '../support/harness';

describe('telemetry URL redaction', () => {
  it.each([
    [
      "https://st1.table.core.windows.net/deliveries(PartitionKey='w1',RowKey='0f1e2d3c-4b5a-4678-9abc-def012345678')",
      'https://st1.table.core.windows.net/deliveries',
    ],
    [
      "https://st1.table.core.windows.net/conversations()?$filter=PartitionKey%20eq%20'user'",
      'https://st1.table.core.windows.net/conversations',
    ],
    [
      'https://st1.queue.core.windows.net/outbox/messages?numofmessages=8',
      'https://st1.queue.core.windows.net/outbox/messages',
    ],
    [
      'https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xYz/activities/1234',
      'https://smba.trafficmanager.net/emea/v3',
    ],
    ['/downloads/Yq3kT0-x9PfA2bC7dE1fG4hJ', '/downloads'],
    ['/api/messages', '/api/messages'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves out only the reads an idle dispatcher repeats', () => {
    expect(isBackgroundPoll({ method: 'GET', path: '/outbox/messages?numofmessages=8&visibilitytimeout=30' })).toBe(
      true,
    );
    expect(isBackgroundPoll({ method: 'GET', path: "/leases(PartitionKey='pause',RowKey='outbox')" })).toBe(true);
    expect(isBackgroundPoll({ method: 'GET', path: '/leases(PartitionKey=%27pause%27,RowKey=%27outbox%27)' })).toBe(
      true,
    );
    expect(isBackgroundPoll({ method: 'POST', path: '/outbox/messages' })).toBe(false);
    expect(isBackgroundPoll({ method: 'GET', path: "/leases(PartitionKey='lease',RowKey='surveys')" })).toBe(false);
    expect(isBackgroundPoll({ method: 'GET', path: "/deliveries(PartitionKey='w1',RowKey='x')" })).toBe(false);
  });

  it('redacts every URL attribute of a finished span before export', () => {
    const span = {
      attributes: {
        'http.url': '/downloads/secret-token',
        'url.full': "https://x.table.core.windows.net/t(PartitionKey='p',RowKey='r')",
        'url.query': 'a=b',
        'http.method': 'GET',
      },
    };
    urlRedactor().onEnd(span as never);
    expect(span.attributes).toEqual({
      'http.url': '/downloads',
      'url.full': 'https://x.table.core.windows.net/t',
      'http.method': 'GET',
    });
  });
});

/**
 * The real process (src/main.ts) in azure mode with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a fake
 * Application Insights ingestion endpoint on loopback (https, with a certificate made for the test): what reaches
 * "Azure Monitor" is read back and checked.
 */
describe('telemetry from a running Staff Voice', () => {
  const envelopes: any[] = [];
  /** The Authorization header of every batch the ingestion endpoint received. */
  const authorizations: (string | undefined)[] = [];
  /** When set, the ingestion endpoint refuses any other Authorization with 401, as a resource with local auth off does. */
  let requiredAuthorization: string | undefined;
  let ingestion: Server;
  let child: ChildProcess | undefined;
  const iKey = randomUUID();
  const token = 'Tok3n-' + randomUUID().replace(/-/g, '');

  let certFile: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sv-ingest-'));
    certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    ingestion = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        authorizations.push(req.headers.authorization);
        if (requiredAuthorization !== undefined && req.headers.authorization !== requiredAuthorization) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              itemsReceived: 0,
              itemsAccepted: 0,
              errors: [{ index: 0, statusCode: 401, message: 'Authorization token is missing or invalid' }],
            }),
          );
          return;
        }
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        let batch: unknown[] = [];
        try {
          const parsed = JSON.parse(body.toString());
          batch = Array.isArray(parsed) ? parsed : [parsed];
        } catch {
          // not an envelope batch
        }
        envelopes.push(...batch);
        // Breeze's answer: the exporter retries (later, from disk) whatever is not counted as accepted.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: batch.length, itemsAccepted: batch.length, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', resolve));
  });

  beforeEach(() => {
    envelopes.length = 0;
    authorizations.length = 0;
    requiredAuthorization = undefined;
  });

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  afterAll(async () => {
    await new Promise((resolve) => ingestion.close(resolve));
  });

  /** Starts Staff Voice in azure mode against the fake ingestion endpoint and waits until it answers /healthz. */
  async function startStaffVoice(extraEnv: Record<string, string> = {}) {
    const port = await freePort();
    const ingestionUrl = `https://127.0.0.1:${(ingestion.address() as AddressInfo).port}/`;
    // Node itself runs main.ts (tsx only as a require hook), so SIGTERM reaches main.ts's own handler.
    const started = spawn(
      process.execPath,
      ['-r', 'tsx/cjs', '-r', path.join(__dirname, 'offline-imds.ts'), path.join(__dirname, '../../src/main.ts')],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          BOT_ID: '6a1e2c3d-4b5a-4c6d-8e7f-8091a2b3c4d5',
          BOT_TYPE: 'MultiTenant',
          BOT_PASSWORD: 'not-a-real-secret',
          STORAGE_CONNECTION_STRING: testConnectionString(),
          STORAGE_NAMESPACE: uniqueNamespace(),
          ADMIN_AAD_OBJECT_IDS: '0f1e2d3c-4b5a-4678-9abc-def012345678',
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          SPEAKUP_ENCRYPTION_KEY: newSealingKey(),
          PORT: String(port),
          LOG_LEVEL: 'warn',
          DELIVERY_WORKERS: '1',
          APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${iKey};IngestionEndpoint=${ingestionUrl};LiveEndpoint=${ingestionUrl}`,
          // The fake ingestion endpoint's self-signed certificate (the exporter always uses https).
          NODE_EXTRA_CA_CERTS: certFile,
          // Offline: no SDK self-reporting to Microsoft, no metadata look-ups beyond offline-imds.ts.
          OTEL_NODE_RESOURCE_DETECTORS: 'env,process',
          APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
          // Record every trace, so the few requests below are certain to be exported. Production keeps the distro's
          // default, at most 5 traces a second, which the start-up burst of table creations can use up.
          OTEL_TRACES_SAMPLER: 'always_on',
          ...extraEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    let output = '';
    started.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    started.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 40_000;
    for (;;) {
      const alive = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (alive) break;
      if (Date.now() > deadline || started.exitCode !== null) throw new Error(`Staff Voice did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return {
      base,
      /** Waits (up to 20 s) until the exporter has delivered `count` requests, then stops the process with SIGTERM. */
      async stopAfterRequests(count: number) {
        // The exporter sends a batch every few seconds: wait for the requests before stopping the process.
        const requestsSeen = () => envelopes.filter((e) => e.data?.baseType === 'RequestData').length;
        for (const until = Date.now() + 20_000; requestsSeen() < count && Date.now() < until;)
          await new Promise((r) => setTimeout(r, 200));
        started.kill('SIGTERM'); // main.ts stops the app, then flushes and stops telemetry
        const code = await exited;
        if (code !== 0) throw new Error(`Staff Voice exited with ${code}:\n${output}`);
      },
    };
  }

  it('sends requests and dependencies to Application Insights, without probes, ids or tokens in URLs', async () => {
    const sv = await startStaffVoice();
    const base = sv.base;
    // fetch keeps the connection alive: the requests below follow the (unrecorded) probes on the same connection.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const unauthenticated = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(unauthenticated.status).toBe(401);
    expect((await fetch(`${base}/downloads/${token}`)).status).toBe(404);
    await sv.stopAfterRequests(2);

    const all = JSON.stringify(envelopes);
    expect(envelopes.length).toBeGreaterThan(0);
    expect(envelopes.every((e) => e.iKey === iKey)).toBe(true);
    const requests = envelopes.filter((e) => e.data?.baseType === 'RequestData').map((e) => e.data.baseData);
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ responseCode: '401', url: expect.stringMatching(/\/api\/messages$/) }),
      ]),
    );
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ responseCode: '404', url: expect.stringMatching(/\/downloads$/) }),
      ]),
    );
    const dependencies = envelopes
      .filter((e) => e.data?.baseType === 'RemoteDependencyData')
      .map((e) => e.data.baseData);
    expect(dependencies.length).toBeGreaterThan(0);
    expect(all).not.toContain(token);
    expect(all).not.toContain('/healthz');
    expect(all).not.toContain('/readyz');
    expect(all).not.toMatch(/PartitionKey|RowKey|\$filter/);
    expect(all).not.toContain('169.254.169.254');
    // A connection string alone (no managed identity): the key names the resource, and no token is asked for or sent.
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => a === undefined)).toBe(true);
  }, 90_000);

  it("authenticates as the app's managed identity when AZURE_CLIENT_ID is set, as a resource with local auth off requires", async () => {
    // App Service's managed identity endpoint, as the platform gives it to the process (IDENTITY_ENDPOINT and
    // IDENTITY_HEADER): a local stand-in that hands out one token and records who asked, for what.
    const clientId = '6a1e2c3d-4b5a-4c6d-8e7f-8091a2b3c4d5';
    const identityHeader = randomUUID();
    const accessToken = 'eyJ0eXAiOiJKV1QifQ.' + randomUUID().replace(/-/g, '');
    const tokenRequests: { url: string; secret: string | undefined }[] = [];
    const identity = createHttpServer((req, res) => {
      tokenRequests.push({ url: req.url ?? '', secret: req.headers['x-identity-header'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      const expiresOn = String(Math.floor(Date.now() / 1000) + 3600);
      res.end(
        JSON.stringify({
          access_token: accessToken,
          expires_on: expiresOn,
          resource: 'https://monitor.azure.com',
          token_type: 'Bearer',
          client_id: clientId,
        }),
      );
    });
    await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
    const identityPort = (identity.address() as AddressInfo).port;
    requiredAuthorization = `Bearer ${accessToken}`;
    try {
      const sv = await startStaffVoice({
        AZURE_CLIENT_ID: clientId,
        IDENTITY_ENDPOINT: `http://127.0.0.1:${identityPort}/msi/token`,
        IDENTITY_HEADER: identityHeader,
      });
      const unauthenticated = await fetch(`${sv.base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type":"message"}',
      });
      expect(unauthenticated.status).toBe(401);
      await sv.stopAfterRequests(1);
    } finally {
      await new Promise((resolve) => identity.close(resolve));
    }

    // Every batch carried the identity's token, and the telemetry arrived.
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => a === `Bearer ${accessToken}`)).toBe(true);
    const requests = envelopes.filter((e) => e.data?.baseType === 'RequestData').map((e) => e.data.baseData);
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ responseCode: '401', url: expect.stringMatching(/\/api\/messages$/) }),
      ]),
    );
    // The token was asked for as the user-assigned identity, for Azure Monitor, with App Service's secret header.
    expect(tokenRequests.length).toBeGreaterThan(0);
    for (const request of tokenRequests) {
      const query = new URL(request.url, 'http://identity').searchParams;
      expect(query.get('client_id')).toBe(clientId);
      expect(query.get('resource')).toMatch(/^https:\/\/monitor\.azure\.com\/?$/);
      expect(request.secret).toBe(identityHeader);
    }
    // The token itself never becomes telemetry.
    expect(JSON.stringify(envelopes)).not.toContain(accessToken);
  }, 90_000);
});
