import { TABLE_NAMES } from '../../src/app';
import { rowFromEntity, rowLine } from '../../src/backup/rows';
import { ManualClock } from '../../src/platform/clock';
import { cardText, uniqueNamespace, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, guardianClick, guardiansChannel, raise } from '../support/speak-up';
import { click } from '../support/surveys';
import { feedbackButton, publishedActions, say, youSaidCards } from '../actions/support';
import { appEnv, backupFiles, everyRow, runCommand, tableOf } from './support';

const CONCERN = 'The night rota on ward 9 leaves one nurse alone with twenty patients';
const REPLY = 'Thank you for raising this; I am speaking to the matron today';

/**
 * Drives every journey that writes a table (a survey answered and closed, its results and export, an action and the
 * answers to "Has this made a difference?", a speak-up case and a guardian's reply, the re-seal job's state), so
 * that every table the app owns holds rows; then backs the namespace up, deletes every table, restores the backup
 * into a new namespace with `npm run restore` and finds every row as it was.
 */
describe('a backup restored into a new namespace, after every table was deleted', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const target = uniqueNamespace();
  let h: Harness;

  beforeAll(async () => {
    const journey = await publishedActions({
      clock,
      bundleAt: '2026-11-24T09:00:00Z',
      people: 20,
      answering: 20,
      plans: ['Two more nurses on every night shift'],
    });
    h = journey.h;
    const { exec, staff, admin } = journey;
    // The action's own row (12 hex): the same table holds the bundle's job and announcement rows, which may sort first.
    const rows = [];
    for await (const row of tableOf(h.namespace, 'actions').listEntities()) rows.push(row);
    const actionId = rows.find((r) => /^[0-9a-f]{12}$/.test(r.rowKey!))!.rowKey!;
    for (const p of staff) {
      const card = youSaidCards(h, h.emulator.conversationIdFor(p.id))[0];
      await click(h, p, 'actions.feedback', feedbackButton(card, actionId, 'yes').data);
    }
    await h.app.actions.feedback.mix();
    expect(cardText(await say(h, exec, 'results'))).toContain('Night shift pulse');
    await say(h, exec, 'export');

    const channel = await guardiansChannel(h, admin);
    const reporter = staff[0]!;
    await raise(h, reporter, {
      mode: 'anonymous',
      categories: 'bullying',
      workerGroup: 'Nursing and midwifery',
      concern: CONCERN,
    });
    const posted = await caseCardIn(h, channel, 'FTSU-2026-0001');
    await guardianClick(h, admin, channel, posted.activityId, 'speakup.reply', {
      case: 'FTSU-2026-0001',
      'text-reply': REPLY,
    });
    await h.app.upkeep.reseal.run();
    const reporterChat = h.emulator.conversationIdFor(reporter.id);
    await waitFor(
      () =>
        h.emulator
          .sent(reporterChat)
          .some((c) => JSON.stringify(c.body).includes('From your Freedom to Speak Up guardian')),
      15_000,
    );
    // Nothing runs from here on: the process's workers stop, and its stores stay usable for the backup.
    await h.stop();
  }, 240_000);

  it('holds rows in every table, backs them up as stored, and restores every row of every table exactly', async () => {
    const before = await everyRow(h.namespace);
    const empty = TABLE_NAMES.filter((t) => (before[t] ?? []).length === 0);
    expect(empty).toEqual([]);
    const stored = new Map<string, string[]>();
    for (const t of TABLE_NAMES) {
      const lines: string[] = [];
      for await (const e of tableOf(h.namespace, t).listEntities({ disableTypeConversion: true }))
        lines.push(rowLine(rowFromEntity(e)));
      stored.set(t, lines);
    }

    const outcome = await h.app.backup.backups.run(new Date('2026-11-25T03:30:00Z'));
    const total = Object.values(before).reduce((n, rows) => n + rows.length, 0);
    expect(outcome).toMatchObject({
      kind: 'written',
      name: '2026-11-25T033000Z',
      tables: TABLE_NAMES.length,
      rows: total,
    });
    if (outcome.kind !== 'written') return;

    // Each table's file is its rows as stored, line for line: sealed values sealed, nothing opened.
    const files = await backupFiles(h.namespace, outcome.name);
    for (const t of TABLE_NAMES) {
      const [, text] = [...files].find(([blob]) => blob.split('/').at(-1)!.startsWith(`${t}.`))!;
      expect(text.trimEnd().split('\n')).toEqual(stored.get(t));
    }
    const everything = [...files.values()].join('\n');
    // What was written in the open is not (the case row's worker group is in the table as it is in the backup).
    for (const words of [CONCERN, REPLY]) expect([words, everything.includes(words)]).toEqual([words, false]);

    for (const t of TABLE_NAMES) await tableOf(h.namespace, t).deleteTable();
    expect(await everyRow(h.namespace)).toEqual({});

    const restored = await runCommand('src/restore.ts', [outcome.name, '--namespace', target], appEnv(h.namespace));
    expect(restored.output).toContain(`restore complete: ${TABLE_NAMES.length} table(s), ${total} row(s)`);
    expect(restored.output).toMatch(/audit trail: \d+ partition\(s\), all ok/);
    expect(restored.output).not.toContain(CONCERN);
    expect(restored.code).toBe(0);

    expect(await everyRow(target)).toEqual(before);
  }, 180_000);

  it('leaves an audit trail that `npm run audit:verify` checks as ok, and lists the backup', async () => {
    const verified = await runCommand('src/audit-verify.ts', [], appEnv(target));
    expect(verified.output).toMatch(/audit trail: \d+ partition\(s\), all ok/);
    expect(verified.code).toBe(0);
    const listed = await runCommand('src/restore.ts', ['--list'], appEnv(h.namespace));
    expect(listed.output).toContain('2026-11-25T033000Z\n1 backup(s)');
    expect(listed.code).toBe(0);
  }, 60_000);
});
