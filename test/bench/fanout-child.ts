/**
 * Enqueues a fan-out to N recipients in its own process and prints its peak RSS, so the number is this work's and
 * not the bench runner's. Recipients come from a generator, as a survey wave's audience comes from a table scan.
 */
import { createApp } from '../../src/app';
import type { OutboxDraft } from '../../src/delivery/outbox-message';
import { testConfig } from '../support/harness';
import { sampleRss } from './bench-env';

async function main(): Promise<void> {
  const n = Number(process.env.SV_FANOUT ?? 50_000);
  const rss = sampleRss();
  const app = await createApp({
    ...testConfig({ namespace: process.env.SV_NAMESPACE, delivery: { workers: 0 } }),
    log: { level: 'warn' },
  });
  const batch = 'fanout';
  await app.delivery.outbox.storeTemplate(batch, 'card', {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Hello ${name}' }],
  });
  async function* audience(): AsyncIterable<OutboxDraft> {
    for (let i = 0; i < n; i++) {
      const user = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      yield {
        key: user,
        kind: 'bench',
        to: { user },
        op: { type: 'send', card: { template: 'card', data: { name: `person ${i}` } } },
      };
    }
  }
  const started = Date.now();
  const { enqueued } = await app.delivery.outbox.enqueueMany(batch, audience());
  process.stdout.write(
    `fanout enqueued=${enqueued} seconds=${((Date.now() - started) / 1000).toFixed(1)} peak-rss-mb=${rss.stop()}\n`,
  );
  await app.stop();
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
