import { createHash } from 'node:crypto';
import { ManualClock } from '../../src/platform/clock';
import { TABLE_NAMES } from '../../src/app';
import { STAFF_GROUPS } from '../../src/shared/staff-groups';
import { user, type TestUser } from '../support/activities';
import { allEntities, startHarness, type Harness } from '../support/harness';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  submitData,
  surveyCardsFor,
  surveyForm,
  openedRows,
  waitForCards,
} from '../support/surveys';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const marker = (i: number) => `zq${String(i).padStart(2, '0')}qz`;

describe('anonymity by design: what storage holds after a wave', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: TestUser[];
  let waveId: string;
  let closeStartedAt: number;
  const tables: Record<string, Record<string, unknown>[]> = {};
  let opened: Record<string, unknown>[] = [];

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 12, 'Nurse');
    const launched = await createAndLaunch(
      h,
      admin,
      surveyForm({
        template: 'intention-to-stay',
        name: 'Stay or go',
        aboutYou: 'true',
        directorates: 'Medicine\nSurgery',
      }),
    );
    waveId = launched.waveId;
    await waitForCards(h, staff);
    // A known answer order: person i answers with marker(i) in the free text, in order, one at a time.
    for (const [i, p] of staff.entries()) {
      const data = {
        ...submitData(surveyCardsFor(h, p)[0], {
          its1: String((i % 5) + 1),
          its2: '4',
          its3: `One change: ${marker(i)}`,
        }),
        'about.staffGroup': STAFF_GROUPS[i % 10],
      };
      await click(h, p, 'survey.answer', data);
    }
    closeStartedAt = Date.now();
    await click(h, admin, 'surveys.close', { survey: launched.surveyId });
    await finishClosedWaves(h, clock);
    for (const name of TABLE_NAMES) tables[name] = await allEntities(h.table(name));
    opened = (await openedRows(h)).filter((r) => r.partitionKey === waveId);
  }, 60_000);
  afterAll(() => h.stop());

  const responses = () => tables.responses!.filter((r) => r.partitionKey === waveId);
  const order = (rows: Record<string, unknown>[]) => rows.map((r) => Number(/zq(\d\d)qz/.exec(String(r.a_its3))![1]));

  it('writes every answer once, as one sealed value holding nothing but answers (no time of its own)', () => {
    expect(responses()).toHaveLength(12);
    for (const r of responses()) {
      const fields = Object.keys(r).filter((k) => !['partitionKey', 'rowKey', 'etag', 'timestamp'].includes(k));
      expect(fields).toEqual(['sealed']);
      expect(String(r.rowKey)).toMatch(/^[0-9a-f]{32}$/);
    }
    for (const r of opened) {
      const fields = Object.keys(r).filter(
        (k) => !['partitionKey', 'rowKey', 'etag', 'timestamp', 'format'].includes(k),
      );
      expect(fields.every((f) => f.startsWith('a_') || f.startsWith('about_'))).toBe(true);
    }
    expect(new Set(order(opened))).toEqual(new Set(staff.map((_, i) => i)));
  });

  it('no response row holds any recipient id, name, conversation id or a hash of them', () => {
    const everyone = [admin, ...staff];
    const identities = everyone.flatMap((p) => {
      const conversation = h.emulator.conversationIdFor(p.id);
      return [
        p.aadObjectId,
        p.aadObjectId.replace(/-/g, ''),
        p.id,
        p.name,
        conversation,
        sha256(p.aadObjectId),
        sha256(p.id),
        sha256(conversation),
      ];
    });
    for (const r of responses()) {
      const text = JSON.stringify(r).toLowerCase();
      for (const id of identities) expect(text).not.toContain(id.toLowerCase());
    }
  });

  it('keeps the free text only sealed in the responses table, and never in the logs', () => {
    for (const rows of Object.values(tables)) expect(JSON.stringify(rows)).not.toMatch(/zq\d\dqz/);
    expect(h.logLines.join('\n')).not.toMatch(/zq\d\dqz|One change/);
  });

  it('never writes answering to a deliveries row; markers under keyed tags record only that 12 people answered', () => {
    const rows = tables.deliveries!.filter((r) => r.partitionKey === waveId);
    for (const r of rows)
      expect(
        Object.keys(r).some((k) => ['answer', 'ticket'].includes(k) || k.startsWith('a_') || k.startsWith('about_')),
      ).toBe(false);
    const markers = tables.answered!.filter((r) => r.partitionKey === waveId);
    expect(markers.filter((r) => r.state === 'answered')).toHaveLength(12);
    const everyone = [admin, ...staff].map((p) => p.aadObjectId.toLowerCase());
    for (const m of markers) {
      expect(m.ticket ?? '').toBe('');
      expect(String(m.rowKey)).toMatch(/^[0-9a-f]{40}$/);
      expect(everyone.some((id) => JSON.stringify(m).toLowerCase().includes(id))).toBe(false);
    }
  });

  it('stores responses in an order, and with timestamps, that do not follow the order of answering', () => {
    const submitted = staff.map((_, i) => i);
    const byKey = order([...opened].sort((a, b) => String(a.rowKey).localeCompare(String(b.rowKey))));
    const byTime = order(
      [...opened].sort(
        (a, b) =>
          String(a.timestamp).localeCompare(String(b.timestamp)) || String(a.rowKey).localeCompare(String(b.rowKey)),
      ),
    );
    for (const stored of [byKey, byTime]) {
      expect(stored).not.toEqual(submitted);
      expect(stored).not.toEqual([...submitted].reverse());
    }
    // Every response was written at close, after the last answer, not as each came in.
    for (const r of responses())
      expect(new Date(String(r.timestamp)).getTime()).toBeGreaterThanOrEqual(closeStartedAt - 1000);
  });

  it('rewrites the markers at the final write, so their timestamps no longer say when anyone answered', () => {
    const markers = tables.answered!.filter((r) => r.partitionKey === waveId);
    expect(markers.length).toBeGreaterThan(0);
    for (const r of markers)
      expect(new Date(String(r.timestamp)).getTime()).toBeGreaterThanOrEqual(closeStartedAt - 1000);
  });
});
