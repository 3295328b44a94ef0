import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PEOPLE } from '../../src/local/demo';
import { actionExecute, personalInstall, user, type TestUser } from '../support/activities';
import { cardOf } from '../support/harness';
import { ConnectorEmulator } from '../support/connector-emulator';
import { freePort, freePorts } from '../support/free-port';
import { waitFor } from '../support/outbox-helpers';
import { surveyForm, surveyIdIn } from '../support/surveys';

const root = path.join(__dirname, '../..');

/** Whether something accepts a TCP connection at host:port (refused, unreachable or silent for 2 s: no). */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** This machine's addresses other than loopback: where a colleague on the network would reach it. */
const networkAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a!.address);

/**
 * `npm start` as a newcomer runs it: local mode, embedded Azurite, no Playground. The process is started in its own
 * process group and sent SIGINT as a group, exactly as a terminal delivers Ctrl-C to the bot and everything it
 * started.
 */
describe('local mode, started as `npm start` starts it', () => {
  let child: ChildProcess | undefined;
  let dataDir: string;
  let teams: ConnectorEmulator; // where the bot's sends go: the Playground's part, played by the connector emulator

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sv-local-'));
    teams = await ConnectorEmulator.start();
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      // Stops it the way it stops (Azurite with it); killed if that takes too long.
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 10_000).unref());
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    await teams.stop();
  });

  it('listens on loopback only, and Ctrl-C mid-send stops the bot before Azurite: exit 0, no storage errors', async () => {
    const port = await freePort();
    const azurite = await freePorts(3); // LOCAL_AZURITE_PORT and the two after it
    const started = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(root, 'src/main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        LOCAL_PLAYGROUND: 'off',
        LOCAL_DATA_DIR: dataDir,
        LOCAL_AZURITE_PORT: String(azurite),
      },
      detached: true, // its own process group, like a shell job
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    started.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      started.once('exit', (code, signal) => resolve({ code, signal })),
    );
    for (const deadline = Date.now() + 60_000; !output.includes('Staff Voice is running in local mode');) {
      if (Date.now() > deadline || started.exitCode !== null) throw new Error(`local mode did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).ok).toBe(true);

    // No inbound auth and a demo admin: nothing but this machine may reach it.
    expect(networkAddresses().length).toBeGreaterThan(0);
    for (const address of networkAddresses())
      expect([address, await connects(address, port)]).toEqual([address, false]);
    expect(await connects('::1', port)).toBe(false);

    // Busy: the demo admin launches a survey to a dozen people, and Teams answers each send slowly.
    const post = (activity: unknown) =>
      fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    const staff = Array.from({ length: 12 }, (_, i) => user(`Staff ${i + 1}`));
    for (const p of staff)
      await post(personalInstall({ serviceUrl: teams.url, user: p, conversationId: teams.conversationIdFor(p.id) }));
    const alex: TestUser = {
      aadObjectId: DEMO_PEOPLE[0]!.aadObjectId,
      id: 'user-alex-admin',
      name: DEMO_PEOPLE[0]!.name,
    };
    const click = async (verb: string, data: Record<string, unknown>) =>
      (
        (await (
          await post(
            actionExecute({
              serviceUrl: teams.url,
              user: alex,
              conversationId: teams.conversationIdFor(alex.id),
              verb,
              data,
            }),
          )
        ).json()) as { value: unknown }
      ).value;
    const created = await click('surveys.create', surveyForm({ name: 'Ctrl-C pulse' }));
    teams.setLatency(1500);
    await click('surveys.launch', { survey: surveyIdIn(created, 'Ctrl-C pulse') });
    const surveyCards = () =>
      teams.sent().filter((c) => JSON.stringify(cardOf(c.body) ?? {}).includes('survey.answer')).length;
    await waitFor(() => surveyCards() >= 1, 30_000);

    const stoppedAt = Date.now();
    process.kill(-started.pid!, 'SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(output).toContain('SIGINT: stopping Staff Voice');
    expect(output).toContain('dispatcher stopped');
    expect(surveyCards()).toBeLessThan(staff.length); // it really stopped mid-run
    expect(output).not.toContain('ECONNREFUSED');
    expect(output).not.toContain('"level":"error"');
    expect(output).not.toMatch(/"stack"|\n\s+at /);
    // Azurite went too, after the bot: nothing is left listening on its ports.
    for (const p of [azurite, azurite + 1, azurite + 2])
      expect([p, await connects('127.0.0.1', p)]).toEqual([p, false]);
  }, 120_000);
});
