import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { createApp, type AppConfig } from '../../src/app';
import type { DeliveryConfig } from '../../src/config';
import type { Clock } from '../../src/platform/clock';
import { ConnectorEmulator } from '../support/connector-emulator';
import { testConfig, testConnectionString, type Harness } from '../support/harness';

/**
 * A harness (as test/support/harness.ts's) whose app holds the given keys: SPEAKUP_ENCRYPTION_KEY as `current` and,
 * during a rotation, SPEAKUP_ENCRYPTION_KEY_PREVIOUS as `previous`. Restarting on the same namespace and emulator
 * with other keys is what a key rotation looks like to the app.
 */
export async function startKeyed(options: {
  current: string;
  previous?: string[];
  namespace: string;
  emulator: ConnectorEmulator;
  firstAdmins?: string[];
  clock?: Clock;
  /** Storage as the app reaches it (e.g. through a proxy the test can cut); the test's own reads go direct. */
  storageConnectionString?: string;
  /** `{ workers: 0 }` leaves what is enqueued on the queue, for the next process to send. */
  delivery?: Partial<DeliveryConfig>;
}): Promise<Harness> {
  const base = testConfig({
    namespace: options.namespace,
    firstAdmins: options.firstAdmins,
    delivery: options.delivery,
  });
  const storage = {
    kind: 'connection-string' as const,
    connectionString: options.storageConnectionString ?? testConnectionString(),
  };
  const config: AppConfig = {
    ...base,
    storage,
    sealingKey: options.current,
    speakUp: { encryptionKey: options.current, previousEncryptionKeys: options.previous ?? [] },
  };
  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp(config, { clock: options.clock, logDestination, scheduledJobs: false });
  const server = await app.listen(0, '127.0.0.1');
  return {
    app,
    url: server.url,
    emulator: options.emulator,
    namespace: options.namespace,
    logLines,
    async post(activity, headers = {}) {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    table(name) {
      return TableClient.fromConnectionString(testConnectionString(), `${options.namespace}${name}`, {
        allowInsecureConnection: true,
      });
    },
    stop: () => app.stop(),
  };
}

/** A value as speak-up's keys wrote it before key ids: `v1:iv:tag:body`, the secret itself the AES key. */
export function legacySeal(secret: string, plaintext: string, associatedData: string, tagBytes = 16): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secret, 'base64'), iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64'),
    cipher.getAuthTag().subarray(0, tagBytes).toString('base64'),
    body.toString('base64'),
  ].join(':');
}

/** A `my cases` tag as it was made before key ids: HMAC-SHA256 keyed with the secret itself. */
export const legacyTag = (secret: string, value: string, purpose: string): string =>
  createHmac('sha256', Buffer.from(secret, 'base64')).update(`${purpose}\u0000${value}`).digest('hex').slice(0, 40);

/** What waits on one of the app's queues (e.g. `outbox-poison`), peeked without taking it. */
export async function peekQueue(h: Harness, name: string): Promise<string[]> {
  const queue = new QueueClient(testConnectionString(), `${h.namespace}-${name}`);
  return (await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
}
