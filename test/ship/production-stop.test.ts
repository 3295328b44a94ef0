import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newSealingKey } from '../../src/platform/crypto';
import { freePort } from '../support/free-port';
import { startHarness, testConnectionString, type Harness } from '../support/harness';
import { deliveredCounts, draftTo, waitFor } from '../support/outbox-helpers';

/**
 * App Service stops a container by sending SIGTERM to the process it started, and kills it if it has not exited
 * within about 10 seconds. So the production start command must be the node process itself: `npm run` runs its
 * script under `sh -c`, which does not pass SIGTERM on, and the app is killed mid-send without draining.
 *
 * This runs exactly the command the web app is configured with (infra/modules/app.bicep, appCommandLine) from a
 * directory laid out like the deployment package (dist/, package.json, node_modules), in azure mode, with the bot
 * authenticating as a user-assigned managed identity through App Service's identity endpoint (IDENTITY_ENDPOINT and
 * IDENTITY_HEADER, served here on loopback), and sends it SIGTERM while it is sending.
 */
const root = path.join(__dirname, '../..');
const startCommand = (() => {
  const bicep = readFileSync(path.join(root, 'infra/modules/app.bicep'), 'utf8');
  const match = bicep.match(/appCommandLine:\s*'([^']+)'/);
  if (!match) throw new Error('infra/modules/app.bicep sets no appCommandLine');
  return match[1]!.split(/\s+/);
})();

describe('the production start command on App Service', () => {
  const token = `mi-${randomUUID()}`;
  const botId = randomUUID();
  let h: Harness; // enqueues and reads progress; its own dispatcher is off
  let identity: Server;
  let identityCalls = 0;
  let packageDir: string;

  beforeAll(async () => {
    packageDir = mkdtempSync(path.join(tmpdir(), 'sv-package-'));
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(packageDir, 'dist')],
      { cwd: root, stdio: 'inherit' },
    );
    cpSync(path.join(root, 'package.json'), path.join(packageDir, 'package.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(packageDir, 'node_modules'), 'dir');
    // App Service's managed identity endpoint: GET ?resource=…&client_id=… with the X-IDENTITY-HEADER secret.
    identity = createServer((req, res) => {
      identityCalls++;
      if (req.headers['x-identity-header'] !== 'identity-secret') {
        res.writeHead(401).end();
        return;
      }
      const resource = new URL(req.url!, 'http://x').searchParams.get('resource');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: token,
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource,
          token_type: 'Bearer',
        }),
      );
    });
    await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
  }, 180_000);

  afterAll(async () => {
    await new Promise((resolve) => identity?.close(resolve));
    rmSync(packageDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    h = await startHarness({ delivery: { workers: 0 } });
  });
  afterEach(() => h.stop());

  const startProduction = async () => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH!,
      PORT: String(port),
      BOT_ID: botId,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: randomUUID(),
      AZURE_CLIENT_ID: botId,
      IDENTITY_ENDPOINT: `http://127.0.0.1:${(identity.address() as AddressInfo).port}/msi/token`,
      IDENTITY_HEADER: 'identity-secret',
      STORAGE_CONNECTION_STRING: testConnectionString(),
      STORAGE_NAMESPACE: h.namespace,
      ADMIN_AAD_OBJECT_IDS: randomUUID(),
      SPEAKUP_ENCRYPTION_KEY: newSealingKey(),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DELIVERY_BUDGET_PER_SECOND: '30',
      LOG_LEVEL: 'warn',
    };
    const [command, ...args] = startCommand;
    const child = spawn(command!, args, { cwd: packageDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const healthy = async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true;
    await waitFor(async () => child.exitCode === null && (await healthy()), 60_000, 200).catch(() => {
      throw new Error(`the production command did not serve /healthz:\n${output}`);
    });
    return { child, exited, output: () => output };
  };

  it('is node itself, not npm', () => {
    expect(startCommand[0]).toBe('node');
    expect(startCommand).toContain('dist/main.js');
  });

  it('drains and exits within 10 s on SIGTERM while sending, and loses nothing', async () => {
    h.emulator.setLatency(20);
    const n = 200;
    await h.app.delivery.outbox.enqueueMany(
      'term',
      Array.from({ length: n }, (_, i) => draftTo(h.emulator.url, `term-${i}`)),
    );
    const first = await startProduction();
    await waitFor(async () => (await h.app.delivery.outbox.progress('term')).sent >= 30, 60_000, 50);

    const started = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/SIGTERM: stopping Staff Voice/);
    expect((await h.app.delivery.outbox.progress('term')).sent).toBeLessThan(n); // it really stopped mid-run

    // Every send went out as the managed identity, with the token from App Service's identity endpoint.
    expect(identityCalls).toBeGreaterThan(0);
    const sends = h.emulator.calls.filter((c) => c.method === 'POST' && c.path.includes('/activities'));
    expect(sends.length).toBeGreaterThan(0);
    expect(sends.every((c) => c.headers.authorization === `Bearer ${token}`)).toBe(true);

    const second = await startProduction();
    await waitFor(async () => (await h.app.delivery.outbox.progress('term')).sent === n, 90_000, 250);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const counts = deliveredCounts(h.emulator);
    const keys = Array.from({ length: n }, (_, i) => `term-${i}`);
    expect(keys.filter((k) => !counts.get(k))).toEqual([]);
    expect(keys.filter((k) => (counts.get(k) ?? 0) > 1)).toEqual([]);
  }, 240_000);
});
