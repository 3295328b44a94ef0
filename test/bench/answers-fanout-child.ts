/**
 * Fans one survey wave out to N people in its own process and prints its peak RSS, so the number is this work's
 * and not the bench runner's. N active people are written to the conversations table as an install writes them
 * (TableConversationStore.activateUser), then an admin (one of them) creates and launches an "everyone" survey
 * through the admin cards on /api/messages. The dispatcher does not run (DELIVERY_WORKERS 0): this measures the
 * fan-out (audience scan, deliveries rows, outbox messages), not sending.
 */
import { request } from 'node:http';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { createApp } from '../../src/app';
import type { ConversationRef } from '../../src/platform/conversation-ref';
import { actionExecute, type TestUser } from '../support/activities';
import { cardText, testConfig, testConnectionString } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { surveyForm, surveyIdIn } from '../support/surveys';
import { sampleRss } from './bench-env';

// Nobody is sent anything, so the conversation references only have to look right.
const SERVICE_URL = 'http://127.0.0.1:9/';

async function main(): Promise<void> {
  const n = Number(process.env.SV_FANOUT_RECIPIENTS ?? 20_000);
  const namespace = process.env.SV_NAMESPACE!;
  const rss = sampleRss();
  const people = (i: number): TestUser => {
    const aadObjectId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return { aadObjectId, id: `29:${aadObjectId.replace(/-/g, '')}`, name: `Staff ${i}` };
  };
  const admin = people(0);
  const app = await createApp(
    {
      ...testConfig({ namespace, firstAdmins: [admin.aadObjectId], delivery: { workers: 0 } }),
      log: { level: 'warn' },
    },
    { scheduledJobs: false },
  );
  const server = await app.listen(0, '127.0.0.1');
  const afterStart = mb(process.memoryUsage().rss);

  let t = Date.now();
  await seedPeople(namespace, n, people);
  process.stdout.write(
    `seeded ${n} active people in ${((Date.now() - t) / 1000).toFixed(1)} s (rss after start-up ${afterStart} MB)\n`,
  );

  const click = async (verb: string, data: Record<string, unknown>) => {
    const activity = actionExecute({
      serviceUrl: SERVICE_URL,
      user: admin,
      conversationId: `a:${admin.id}`,
      verb,
      data,
    });
    const res = await post(`${server.url}/api/messages`, activity);
    if (res.status !== 200) throw new Error(`${verb} answered ${res.status}`);
    return JSON.parse(res.body).value;
  };
  const created = await click('surveys.create', surveyForm({ name: 'Fan-out pulse' }));
  const surveyId = surveyIdIn(created, 'Fan-out pulse');
  const waves = TableClient.fromConnectionString(testConnectionString(), `${namespace}waves`, {
    allowInsecureConnection: true,
  });
  const fannedOut = async () => {
    try {
      const wave = await waves.getEntity<{ fannedOut?: boolean; recipients?: number }>(surveyId, `${surveyId}-w001`);
      return wave.fannedOut === true ? Number(wave.recipients) : undefined;
    } catch {
      return undefined;
    }
  };

  // The launch turn fans out before it answers; the wave row says when the fan-out has finished.
  t = Date.now();
  const launched = click('surveys.launch', { survey: surveyId });
  let recipients: number | undefined;
  await waitFor(async () => (recipients = await fannedOut()) !== undefined, 1_800_000, 1000);
  const seconds = (Date.now() - t) / 1000;
  const reply = cardText(await launched);
  if (!/Launched: wave 1/.test(reply)) throw new Error(`launch failed: ${reply}`);
  process.stdout.write(`fanout recipients=${recipients} seconds=${seconds.toFixed(1)} peak-rss-mb=${rss.stop()}\n`);
  await app.stop();
  process.exit(0);
}

/** N people as TableConversationStore.activateUser writes a first install, 100 to a transaction. */
async function seedPeople(namespace: string, n: number, person: (i: number) => TestUser): Promise<void> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${namespace}conversations`, {
    allowInsecureConnection: true,
  });
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 100) {
    const actions: TransactionAction[] = [];
    for (let j = i; j < Math.min(n, i + 100); j++) {
      const p = person(j);
      const ref: ConversationRef = {
        kind: 'personal',
        serviceUrl: SERVICE_URL,
        conversationId: `a:${p.id}`,
        tenantId: '72f988bf-0000-4000-8000-000000000001',
        botId: '28:staff-voice-bot',
        userId: p.id,
      };
      actions.push([
        'create',
        {
          partitionKey: 'user',
          rowKey: p.aadObjectId,
          ref: JSON.stringify(ref),
          name: p.name,
          status: 'active',
          updatedAt: at,
          firstInstalledAt: at,
        },
      ]);
    }
    await table.submitTransaction(actions);
  }
}

/** POST with no client timeout: the launch turn runs the whole fan-out before it answers. */
function post(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
