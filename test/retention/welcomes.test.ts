import { WELCOME_KEEP_DAYS } from '../../src/delivery';
import { ManualClock } from '../../src/platform/clock';
import { personalMessage, user } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The capture job welcomes people who wrote before their install event through the outbox, in a batch a day
 * (`welcome-YYYYMMDD`): its delivery rows are keyed by who was welcomed, so the retention job deletes each day's
 * batch once it is `WELCOME_KEEP_DAYS` old.
 */
describe('retention of welcome cards sent by the capture job', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const dev = user('Dev Porter');
  let h: Harness;
  const welcomeRows = async () =>
    (await allEntities(h.table('deliveries'))).filter((e) => String(e.partitionKey) === 'welcome-20261123');

  beforeAll(async () => {
    h = await startHarness({ clock });
    const conversationId = h.emulator.conversationIdFor(dev.id);
    await h.post(personalMessage({ serviceUrl: h.emulator.url, user: dev, conversationId, text: 'help' }));
    await h.app.delivery.captures.flush();
    await waitFor(
      () => h.emulator.sent(conversationId).some((c) => cardText(cardOf(c.body)).includes('Welcome')),
      15_000,
    );
  });
  afterAll(() => h.stop());

  it("keeps the day's welcome rows, which name who was welcomed, for the period", async () => {
    expect(await welcomeRows()).toEqual([
      expect.objectContaining({ rowKey: expect.stringContaining(dev.aadObjectId) }),
    ]);
    clock.set(new Date(Date.parse('2026-11-23T09:00:00Z') + (WELCOME_KEEP_DAYS - 1) * DAY));
    expect((await h.app.upkeep.retention.purge()).welcomeSends).toBe(0);
    expect(await welcomeRows()).toHaveLength(1);
  });

  it('deletes them once the period has passed, and counts them without naming anyone', async () => {
    clock.set(new Date(Date.parse('2026-11-23T09:00:00Z') + (WELCOME_KEEP_DAYS + 1) * DAY));
    const counts = await h.app.upkeep.retention.purge();
    expect(counts.welcomeSends).toBeGreaterThanOrEqual(1);
    expect(await welcomeRows()).toEqual([]);
    const audit = (await allEntities(h.table('audit'))).filter((e) => e.action === 'retention.purge');
    expect(audit.map((e) => String(e.detail))).toContainEqual(
      expect.stringContaining(`welcome sends ${counts.welcomeSends}`),
    );
    expect(JSON.stringify(audit)).not.toContain(dev.aadObjectId);
  });
});
