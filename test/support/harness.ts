import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { TableClient } from '@azure/data-tables';
import { createApp, type AppConfig, type AppOptions, type StaffVoiceApp } from '../../src/app';
import type { BotConfig, DeliveryConfig } from '../../src/config';
import type { Clock } from '../../src/platform/clock';
import { newSealingKey } from '../../src/platform/crypto';
import { ConnectorEmulator } from './connector-emulator';

/** One key per test process: harnesses sharing a namespace (two "processes") must read each other's cases. */
export const TEST_SEALING_KEY = newSealingKey();

/** The connection string of the Azurite started by global-setup. */
export function testConnectionString(): string {
  const cs = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!cs)
    throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: run tests through jest (global-setup starts Azurite)');
  return cs;
}

/** A table and queue name prefix no other test file uses. */
export function uniqueNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** A config for tests: local-style (no auth unless given), storage in the shared Azurite under its own namespace. */
export function testConfig(
  overrides: { namespace?: string; bot?: BotConfig; firstAdmins?: string[]; delivery?: Partial<DeliveryConfig> } = {},
): AppConfig {
  return {
    mode: 'local',
    server: { port: 0, bodyLimitBytes: 256 * 1024 },
    bot: overrides.bot ?? { auth: 'none' },
    storage: { kind: 'connection-string', connectionString: testConnectionString() },
    storageNamespace: overrides.namespace ?? uniqueNamespace(),
    log: { level: 'info' },
    people: { firstAdmins: overrides.firstAdmins ?? [] },
    schedule: { timeZone: 'Europe/London' },
    privacy: { minGroupSize: 10 },
    results: { minComments: 10, digestSchedule: '0 8 * * 1', publicUrl: 'http://127.0.0.1:3978' },
    cases: {
      ackWorkingDays: 2,
      bankHolidays: { region: 'england-and-wales' },
      incidentNote: 'Please also report patient safety incidents through the trust incident reporting system.',
      checkInDays: 90,
    },
    retention: { responsesDays: 730, casesDays: 2190, auditDays: 2190 },
    sealingKey: TEST_SEALING_KEY,
    local: { playgroundPort: 56150, startPlayground: false },
    delivery: { workers: 2, budgetPerSecond: 50, processes: 1, maxAttempts: 8, holdSeconds: 30, ...overrides.delivery },
  };
}

/** A running app wired to the connector emulator, with every log line captured. */
export interface Harness {
  readonly app: StaffVoiceApp;
  readonly url: string;
  readonly emulator: ConnectorEmulator;
  readonly namespace: string;
  readonly logLines: string[];
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  table(name: string): TableClient;
  stop(): Promise<void>;
}

export async function startHarness(
  options: {
    bot?: BotConfig;
    firstAdmins?: string[];
    clock?: Clock;
    emulator?: ConnectorEmulator;
    delivery?: Partial<DeliveryConfig>;
    namespace?: string;
    storageConnectionString?: string;
    answerKeys?: AppOptions['answerKeys'];
    storedResponseKeys?: AppOptions['storedResponseKeys'];
    /** Settings over the test config's (the dashboard's tests run in azure mode with a sign-in). */
    config?: Partial<AppConfig>;
  } = {},
): Promise<Harness> {
  const base = testConfig({
    bot: options.bot,
    firstAdmins: options.firstAdmins,
    delivery: options.delivery,
    namespace: options.namespace,
  });
  const given: AppConfig = { ...base, ...options.config };
  const config: AppConfig = options.storageConnectionString
    ? { ...given, storage: { kind: 'connection-string', connectionString: options.storageConnectionString } }
    : given;
  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const emulator = options.emulator ?? (await ConnectorEmulator.start());
  // Tests drive the survey job themselves (`app.surveys.waves.tick()`), on their own clock.
  const app = await createApp(config, {
    clock: options.clock,
    logDestination,
    scheduledJobs: false,
    answerKeys: options.answerKeys,
    storedResponseKeys: options.storedResponseKeys,
  });
  const server = await app.listen(0, '127.0.0.1');
  return {
    app,
    url: server.url,
    emulator,
    namespace: config.storageNamespace,
    logLines,
    async post(activity, headers = {}) {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    table(name) {
      return TableClient.fromConnectionString(testConnectionString(), `${config.storageNamespace}${name}`, {
        allowInsecureConnection: true,
      });
    },
    async stop() {
      await app.stop();
      if (!options.emulator) await emulator.stop();
    },
  };
}

/** Every entity in a table, for assertions and privacy scans. */
export async function allEntities(table: TableClient): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const e of table.listEntities()) out.push(e as Record<string, unknown>);
  return out;
}

/** The Adaptive Card JSON inside a recorded connector call, if any. */
export function cardOf(body: any): any {
  return body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All TextBlock/FactSet text in a card, joined, for readable assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.text === 'string') parts.push(n.text);
      if (typeof n.title === 'string') parts.push(n.title);
      if (typeof n.label === 'string') parts.push(n.label);
      if (typeof n.value === 'string') parts.push(n.value);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}
