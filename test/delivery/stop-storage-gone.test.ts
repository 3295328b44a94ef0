import { startHarness, testConnectionString, type Harness } from '../support/harness';
import { draftTo, waitFor } from '../support/outbox-helpers';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Storage that goes away while the dispatcher is stopping (Azurite stopping with the process, in local mode) is
 * expected, not a fault: it is said once, in one line, without a stack trace.
 */
describe('the dispatcher stopping while storage goes away', () => {
  let tables: TcpProxy;
  let queues: TcpProxy;
  let h: Harness;

  beforeAll(async () => {
    const cs = testConnectionString();
    const portOf = (service: string) => Number(new RegExp(`${service}Endpoint=http://[^:]+:(\\d+)`).exec(cs)![1]);
    tables = await TcpProxy.start({ host: '127.0.0.1', port: portOf('Table') });
    queues = await TcpProxy.start({ host: '127.0.0.1', port: portOf('Queue') });
    const proxied = cs
      .replace(/TableEndpoint=http:\/\/[^:]+:\d+/, `TableEndpoint=http://127.0.0.1:${tables.port}`)
      .replace(/QueueEndpoint=http:\/\/[^:]+:\d+/, `QueueEndpoint=http://127.0.0.1:${queues.port}`);
    h = await startHarness({ storageConnectionString: proxied, delivery: { workers: 4 } });
  });
  afterAll(() => h.stop());

  it('logs one warning line, with no stack, when storage refuses connections mid-drain', async () => {
    h.emulator.setLatency(800); // Teams answers slowly: sends are on the wire when the stop comes
    await h.app.delivery.outbox.enqueueMany(
      'gone',
      Array.from({ length: 40 }, (_, i) => draftTo(h.emulator.url, `gone-${i}`)),
    );
    await waitFor(() => h.emulator.calls.length >= 1, 20_000, 20);

    const stopped = h.app.delivery.dispatcher.stop();
    await Promise.all([tables.stop(), queues.stop()]); // nothing listening there any more: ECONNREFUSED
    await stopped;

    const lines = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const gone = lines.filter((l) => l.msg === 'storage went away while stopping; held messages return to the queue');
    expect(gone).toEqual([expect.objectContaining({ level: 'warn', code: expect.stringMatching(/^E/) })]);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(h.logLines.join('\n')).not.toContain('"stack"');
  }, 60_000);
});
