import { randomBytes } from 'node:crypto';
import { TableAuditLog } from '../../src/platform/audit';
import { AuditChainKeys } from '../../src/platform/audit-chain';
import { ManualClock } from '../../src/platform/clock';
import type { Sealer } from '../../src/platform/crypto';
import { createLog } from '../../src/platform/log';
import { aggregateWave, type WaveFigures } from '../../src/results/aggregate';
import { STAFF_GROUPS } from '../../src/shared/staff-groups';
import { plainRow, type StoredAnswers } from '../../src/surveys/answering/response-row';
import { TableResponseSealing, TableSealState } from '../../src/surveys/answering/response-seal.store';
import { ResponseSealMigration } from '../../src/surveys/answering/response-seal.service';
import { TableResponseStore } from '../../src/surveys/answering/response.store';
import { INTENTION_TO_STAY } from '../../src/surveys/authoring/templates';
import { personalMessage, user, type TestUser } from '../support/activities';
import { allEntities, startHarness, TEST_SEALING_KEY, type Harness } from '../support/harness';
import { snapshot, type Snapshot } from '../support/storage-attacker';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  openedRows,
  submitData,
  surveyCardsFor,
  surveyForm,
  testRowKeys,
  waitForCards,
} from '../support/surveys';

// Someone who reads the storage account, a copy or a backup after a wave: every row of every table and every queue
// message. A wave of 12 where one person picks a staff group and a directorate nobody else picks, and writes a
// comment: the results hide that cell; storage must not hold it either.

const RARE_GROUP = STAFF_GROUPS[6]; // 'Estates and ancillary'
const RARE_DIRECTORATE = 'Hydrotherapy Unit';
const COMMENT = 'kq7 rare comment marker kq7';
const QUESTIONS = INTENTION_TO_STAY.questions;
const K = 10;
/** Stored answers in any readable form: an old row's property, or an answer keyed by its question in JSON. */
const READABLE_ANSWER = /a_its\d|about_|"its[12]":"[1-5]"|"staffGroup":"|"directorate":"/;
/** Keys that seal nothing: the stored rows hold their plain JSON (the variant that must be caught). */
const SEALING_OFF: Sealer = { seal: (plain) => plain, open: (sealed) => sealed, isCurrent: () => true };

/** Where each searched-for text appears: `table/partition/row` (property values included) or `queue:<name>`. */
function findReadable(s: Snapshot): Record<'group' | 'directorate' | 'comment' | 'answers', string[]> {
  const found = {
    group: [] as string[],
    directorate: [] as string[],
    comment: [] as string[],
    answers: [] as string[],
  };
  const look = (where: string, raw: string) => {
    const text = raw.replace(/\\/g, ''); // JSON inside JSON: its quotes escaped
    if (text.includes(RARE_GROUP)) found.group.push(where);
    if (text.includes(RARE_DIRECTORATE)) found.directorate.push(where);
    // With its space: 'kq7' alone turns up by chance in base64 (about once in 260,000 positions; a sealed row has ~1,400).
    if (text.includes('kq7 ')) found.comment.push(where);
    if (READABLE_ANSWER.test(text)) found.answers.push(where);
  };
  for (const [table, rows] of Object.entries(s.rows)) for (const r of rows) look(`${table}/${r.partitionKey}`, r.raw);
  for (const m of s.messages) look(`queue:${m.queue}`, m.text);
  return found;
}

/** A wave of 12: person 0 alone in the rare staff group and directorate, with a comment; the others in common ones. */
async function runWave(h: Harness, clock: ManualClock, admin: TestUser) {
  const staff = await installPeople(h, 12);
  const { surveyId, waveId } = await createAndLaunch(
    h,
    admin,
    surveyForm({
      template: 'intention-to-stay',
      name: 'At rest',
      aboutYou: 'true',
      directorates: `Medicine\nSurgery\n${RARE_DIRECTORATE}`,
    }),
  );
  await waitForCards(h, staff);
  for (const [i, p] of staff.entries()) {
    const rare = i === 0;
    await click(h, p, 'survey.answer', {
      ...submitData(surveyCardsFor(h, p)[0], {
        its1: String((i % 5) + 1),
        its2: '4',
        ...(rare ? { its3: COMMENT } : {}),
      }),
      'about.staffGroup': rare ? RARE_GROUP : STAFF_GROUPS[i % 2],
      'about.directorate': rare ? RARE_DIRECTORATE : i % 2 ? 'Medicine' : 'Surgery',
    });
  }
  await click(h, admin, 'surveys.close', { survey: surveyId });
  await finishClosedWaves(h, clock);
  const conversationId = h.emulator.conversationIdFor(admin.id);
  await h.post(personalMessage({ serviceUrl: h.emulator.url, user: admin, conversationId, text: 'results' })); // computes and stores it
  const stored = (await allEntities(h.table('results'))).find((r) => r.rowKey === waveId);
  if (!stored) throw new Error('no stored result');
  const json = Object.keys(stored)
    .filter((k) => k.startsWith('json_'))
    .sort()
    .map((k) => String(stored[k]))
    .join('');
  return { waveId, surveyId, figures: comparable((JSON.parse(json) as { figures: WaveFigures }).figures) };
}

/** A store over a harness's table, reading plain rows only while the migration is not complete (as the app does). */
const storeOver = (h: Harness, table: 'responses' | 'feedback') =>
  new TableResponseStore(h.table(table), {
    name: table,
    keys: testRowKeys,
    log: createLog('silent'),
    plainAccepted: () => new TableSealState(h.table('leases')).plainAccepted(),
  });
const figuresOf = async (responses: AsyncIterable<StoredAnswers>, offered?: Record<string, readonly string[]>) =>
  comparable(await aggregateWave(QUESTIONS, responses, { recipients: 12, k: K, kComments: K, offered }));
/** Figures with their comments sorted: comments are shown shuffled, so their order differs from run to run. */
const comparable = (f: WaveFigures): WaveFigures => ({
  ...f,
  comments: Object.fromEntries(Object.entries(f.comments).map(([q, c]) => [q, [...c].sort()])),
});

describe('at rest: after the final write, storage holds no readable answer, attribute or comment', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let h: Harness;
  let wave: Awaited<ReturnType<typeof runWave>>;
  let after: Snapshot;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    wave = await runWave(h, clock, admin);
    after = await snapshot(h);
  }, 120_000);
  afterAll(() => h.stop());

  it('keeps each response as one sealed value: the wave shows how many responses it has, nothing more', () => {
    const rows = after.rows.responses!.filter((r) => r.partitionKey === wave.waveId);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      const e = JSON.parse(r.raw) as Record<string, unknown>;
      expect(Object.keys(e).sort()).toEqual(['etag', 'partitionKey', 'rowKey', 'sealed', 'timestamp']);
      expect(e.sealed).toMatch(/^v2:[0-9a-f]{16}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    }
  });

  it('finds the rare staff group, the rare directorate, the comment and the answers nowhere else in storage', () => {
    const found = findReadable(after);
    expect(found.comment).toEqual([]);
    expect(found.answers).toEqual([]);
    // Both labels are among the choices offered to everyone: the survey's definition (the directorate; staff groups
    // are the product's own list) and the card template of the wave, written before anyone answered. And they are
    // in the published result's list of hidden groups (what the CSV export shows), which names every offered group
    // not shown, chosen or not, so it says nothing about who answered: nowhere else.
    const offered = [`cards/${wave.waveId}`, `results/${wave.surveyId}`];
    expect(found.directorate.sort()).toEqual([...offered, 'surveys/survey']);
    expect(found.group.sort()).toEqual(offered);
  });

  it('computes the same results as from a plain-text copy of the same responses (the old row format)', async () => {
    const opened = await openedRows(h);
    const mine = opened.filter((r) => r.partitionKey === wave.waveId);
    expect(mine.map((r) => r.format)).toEqual(Array(12).fill('sealed'));
    expect(mine.filter((r) => r.about_staffGroup === RARE_GROUP && r.a_its3 === COMMENT)).toHaveLength(1);
    // The copy: each response as an old plain row, in a partition of its own, read by the app's reader.
    const copy = `copy-${randomBytes(4).toString('hex')}`;
    for (const r of mine) {
      const { partitionKey: _p, rowKey, etag: _e, timestamp: _t, format: _f, ...props } = r;
      await h.table('responses').createEntity({ ...props, partitionKey: copy, rowKey: String(rowKey) });
    }
    const fromCopy = await figuresOf(storeOver(h, 'responses').ofWave(copy), {
      staffGroup: STAFF_GROUPS,
      directorate: ['Medicine', 'Surgery', RARE_DIRECTORATE],
    });
    expect(fromCopy).toEqual(wave.figures);
    expect(wave.figures.showable).toBe(true);
    expect(wave.figures.overall?.people).toBe(12);
  });
});

describe('at rest, with sealing switched off: the same search finds the rare person', () => {
  it('finds the rare staff group, directorate, comment and answers in the responses table', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const admin = user('Ann Admin');
    const h = await startHarness({ firstAdmins: [admin.aadObjectId], clock, storedResponseKeys: SEALING_OFF });
    try {
      const wave = await runWave(h, clock, admin);
      const found = findReadable(await snapshot(h));
      const inResponses = `responses/${wave.waveId}`;
      expect(found.comment).toContain(inResponses);
      expect(found.group).toContain(inResponses);
      expect(found.directorate).toContain(inResponses);
      expect(found.answers).toContain(inResponses);
    } finally {
      await h.stop();
    }
  }, 120_000);
});

describe('the migration sealing responses stored in plain text before the upgrade', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let h: Harness;
  const response = (i: number): StoredAnswers => ({
    answers: { its1: String((i % 5) + 1), its2: String(((i * 3) % 5) + 1), ...(i % 7 ? {} : { its3: `kq7 ${i}` }) },
    about: i % 4 ? { staffGroup: STAFF_GROUPS[i % 3]!, directorate: i % 2 ? 'Medicine' : 'Surgery' } : {},
  });
  const plain = async (table: 'responses' | 'feedback', wave: string, n: number) => {
    for (let i = 0; i < n; i++)
      await h.table(table).createEntity(plainRow(wave, randomBytes(16).toString('hex'), response(i)));
  };
  const formats = async (table: 'responses' | 'feedback', wave: string) =>
    (await allEntities(h.table(table)))
      .filter((r) => r.partitionKey === wave)
      .map((r) => (typeof r.sealed === 'string' ? 'sealed' : 'plain'));
  const migration = (budget?: number) =>
    new ResponseSealMigration({
      tables: (['responses', 'feedback'] as const).map((name) => ({
        name,
        sealing: new TableResponseSealing({ table: h.table(name), name, keys: testRowKeys }),
      })),
      state: new TableSealState(h.table('leases')),
      audit: new TableAuditLog({
        table: h.table('audit'),
        clock,
        chain: new AuditChainKeys({ current: TEST_SEALING_KEY }),
      }),
      clock,
      log: createLog('silent'),
      budget,
    });
  let before: WaveFigures;

  beforeAll(async () => {
    h = await startHarness({ clock });
    await plain('responses', 'old-w001', 130);
    await plain('responses', 'old-w002', 20);
    await plain('feedback', 'fb.old.a1', 12);
    before = await figuresOf(storeOver(h, 'responses').ofWave('old-w001'));
    expect(before.overall?.people).toBe(130);
  }, 60_000);
  afterAll(() => h.stop());

  it('stops part-way when its run ends, and the next run seals the rest, never a row twice', async () => {
    expect(await migration(65).run()).toEqual({ kind: 'sealed', found: 162, sealed: 65, left: 97 });
    const first = await formats('responses', 'old-w001');
    expect(first.filter((f) => f === 'sealed')).toHaveLength(65);
    expect(await figuresOf(storeOver(h, 'responses').ofWave('old-w001'))).toEqual(before); // both forms read meanwhile
    expect(await h.app.surveys.sealMigration.run()).toEqual({ kind: 'sealed', found: 97, sealed: 97, left: 0 });
    for (const [table, wave] of [
      ['responses', 'old-w001'],
      ['responses', 'old-w002'],
      ['feedback', 'fb.old.a1'],
    ] as const)
      expect(new Set(await formats(table, wave))).toEqual(new Set(['sealed']));
    // Sealed once: every row opens straight to its answers (a row sealed twice would open to another sealed value).
    const opened = await openedRows(h);
    expect(opened).toHaveLength(150);
    expect(opened.every((r) => r.format === 'sealed' && /^[1-5]$/.test(String(r.a_its1)))).toBe(true);
  });

  it('rewrites a partition in transactions of up to 100, as equal as can be (130 → 65 + 65 write times)', async () => {
    const rows = (await allEntities(h.table('responses'))).filter((r) => r.partitionKey === 'old-w001');
    // Azurite stamps each entity of a transaction on its own: grouped to the tenth of a second, as batches.test.ts.
    const byTime = new Map<string, number>();
    for (const r of rows)
      byTime.set(String(r.timestamp).slice(0, 21), (byTime.get(String(r.timestamp).slice(0, 21)) ?? 0) + 1);
    expect([...byTime.values()].reduce((a, b) => a + b, 0)).toBe(130);
    for (const size of byTime.values()) expect(size).toBeGreaterThanOrEqual(50);
  });

  it('leaves the results unchanged, and storage with nothing readable', async () => {
    expect(await figuresOf(storeOver(h, 'responses').ofWave('old-w001'))).toEqual(before);
    const found = findReadable(await snapshot(h));
    expect([...found.comment, ...found.answers, ...found.group]).toEqual([]);
  });

  it('marks itself complete after a run that finds no plain row, audited with counts; then plain rows are not read', async () => {
    expect(await h.app.surveys.sealMigration.run()).toMatchObject({ kind: 'completed-now' });
    expect(await h.app.surveys.sealMigration.run()).toMatchObject({ kind: 'complete' });
    const audit = (await allEntities(h.table('audit'))).filter((a) => a.action === 'responses.seal');
    expect(audit.map((a) => a.detail).sort()).toEqual([
      'complete: every stored response is sealed; plain rows are no longer read',
      'responses: 65 sealed, 85 left (of 150 plain, 150 rows); feedback: 0 sealed, 12 left (of 12 plain, 12 rows); the next run carries on',
      'responses: 85 sealed, 0 left (of 85 plain, 150 rows); feedback: 12 sealed, 0 left (of 12 plain, 12 rows)',
    ]);
    expect(audit.every((a) => a.partitionKey === 'admin' && a.actor === 'system')).toBe(true);
    // A plain row written now (by someone who can write to the table) is not counted.
    await plain('responses', 'old-w001', 1);
    expect(await figuresOf(storeOver(h, 'responses').ofWave('old-w001'))).toEqual(before);
  });
});
