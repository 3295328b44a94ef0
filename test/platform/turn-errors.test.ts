import { Writable } from 'node:stream';
import { createApp, type StaffVoiceApp } from '../../src/app';
import { startAzurite, type RunningAzurite } from '../../src/local/azurite';
import { ConnectorEmulator } from '../support/connector-emulator';
import { freePort } from '../support/free-port';
import { cardOf, cardText, testConfig } from '../support/harness';
import { personalMessage, user } from '../support/activities';

describe('when a turn fails', () => {
  let azurite: RunningAzurite;
  let emulator: ConnectorEmulator;
  let app: StaffVoiceApp;
  let url: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    azurite = await startAzurite({
      ports: { blob: await freePort(), queue: await freePort(), table: await freePort() },
    });
    emulator = await ConnectorEmulator.start();
    const config = {
      ...testConfig(),
      storage: { kind: 'connection-string' as const, connectionString: azurite.connectionString },
    };
    app = await createApp(config, {
      logDestination: new Writable({ write: (c, _e, done) => (logLines.push(c.toString()), done()) }),
    });
    url = (await app.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await app.stop();
    await emulator.stop();
    await azurite.stop();
  });

  it('tells the person with a friendly card and a correlation id that is also in the log, and logs nothing they wrote', async () => {
    await azurite.stop(); // storage outage
    const sam = user('Sam Staff');
    const conversationId = emulator.conversationIdFor(sam.id);
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        // `actions <survey>` looks up the caller's role in storage; the survey name is their own words.
        personalMessage({ serviceUrl: emulator.url, user: sam, conversationId, text: 'actions my ward is unsafe' }),
      ),
    });
    expect(res.status).toBeGreaterThanOrEqual(200);

    const sent = emulator.sent(conversationId).filter((c) => c.body.type === 'message'); // typing indicators aside
    expect(sent).toHaveLength(1);
    const text = cardText(cardOf(sent[0]!.body));
    expect(text).toContain('Sorry, something went wrong');
    expect(text).toContain('Nothing you sent has been lost');
    const correlationId = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0];
    expect(correlationId).toBeDefined();

    const errorLine = logLines.map((l) => JSON.parse(l)).find((l) => l.correlationId === correlationId);
    expect(errorLine).toMatchObject({ level: 'error', msg: 'turn failed' });
    expect(logLines.join('\n')).not.toContain('my ward is unsafe');
    expect(logLines.join('\n')).not.toContain(sam.aadObjectId);
  }, 60_000);
});
