import { DAY_MS } from '../../src/platform/calendar/durations';
import type { Case } from '../../src/speak-up/case';
import { GUARDIAN_ACTION_HANDLERS, GUARDIAN_ACTIONS, type ActionInput } from '../../src/speak-up/guardian-actions';

// The guardian actions as pure rules: what each does to a case, what it keeps and what it sends the reporter. The
// journey tests (guardian-view, journey) go through the bot; these say the rules themselves, fast.

const NOW = '2026-12-07T10:00:00.000Z';

function aCase(over: Partial<Case> = {}): Case {
  return {
    ref: 'FTSU-2026-0042',
    mode: 'anonymous',
    categories: ['patient-safety'],
    status: 'new',
    raisedAt: '2026-12-01T09:00:00.000Z',
    ackDueAt: '2026-12-03T09:00:00.000Z',
    overdue: false,
    checkInSent: false,
    posted: true,
    ready: true,
    etag: 'W/"1"',
    ...over,
  } as Case;
}

const input = (c: Case, over: Partial<ActionInput> = {}): ActionInput => ({
  c,
  actor: '00000000-0000-4000-8000-000000000001',
  name: 'Grace Guardian',
  now: NOW,
  payload: {},
  checkInDays: 90,
  ...over,
});

describe('guardian actions (pure rules)', () => {
  it('has one handler per action, and only reply, ask, note and close take a text', () => {
    expect(Object.keys(GUARDIAN_ACTION_HANDLERS).sort()).toEqual([...GUARDIAN_ACTIONS].sort());
    const texts = GUARDIAN_ACTIONS.filter((a) => GUARDIAN_ACTION_HANDLERS[a].takesText).sort();
    expect(texts).toEqual(['ask', 'close', 'note', 'reply']);
  });

  it('claim assigns the case to the guardian and changes nothing else', () => {
    const effect = GUARDIAN_ACTION_HANDLERS.claim.apply(input(aCase()));
    expect(effect).toMatchObject({
      kind: 'effect',
      patch: { assignee: { aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Grace Guardian' } },
      message: 'status',
    });
    expect(effect.kind === 'effect' && Object.keys(effect.patch)).toEqual(['assignee']);
  });

  it('a reply to a new case acknowledges it and relays the text to the reporter; to an acknowledged one, only relays', () => {
    const first = GUARDIAN_ACTION_HANDLERS.reply.apply(input(aCase(), { text: 'Thank you for raising this.' }));
    expect(first).toMatchObject({ kind: 'effect', patch: { status: 'acknowledged', acknowledgedAt: NOW } });
    expect(first.kind === 'effect' && first.toReporter?.key).toBe(`reply-${Date.parse(NOW)}`);
    expect(JSON.stringify(first.kind === 'effect' && first.toReporter?.card)).toContain('Thank you for raising this.');

    const later = GUARDIAN_ACTION_HANDLERS.ask.apply(input(aCase({ status: 'acknowledged' }), { text: 'When?' }));
    expect(later).toMatchObject({ kind: 'effect', patch: {}, message: 'question' });
    expect(later.kind === 'effect' && later.toReporter?.key).toBe(`ask-${Date.parse(NOW)}`);
  });

  it('a note is kept for guardians and never sent to the reporter', () => {
    const effect = GUARDIAN_ACTION_HANDLERS.note.apply(input(aCase(), { text: 'Spoke to HR.' }));
    expect(effect).toMatchObject({ kind: 'effect', patch: {}, message: 'note' });
    expect(effect.kind === 'effect' && effect.toReporter).toBeUndefined();
  });

  it('status moves only forward, never to closed, and refuses anything else with a reason', () => {
    const ok = GUARDIAN_ACTION_HANDLERS.status.apply(input(aCase(), { payload: { status: 'in-progress' } }));
    expect(ok).toMatchObject({ kind: 'effect', patch: { status: 'in-progress', acknowledgedAt: NOW } });
    for (const to of ['new', 'acknowledged', 'closed', 'made-up', undefined]) {
      const refused = GUARDIAN_ACTION_HANDLERS.status.apply(
        input(aCase({ status: 'in-progress', acknowledgedAt: NOW }), { payload: { status: to } }),
      );
      expect(refused).toMatchObject({ kind: 'refused', message: expect.stringContaining('cannot move') });
    }
  });

  it('close records the outcome, sends it to the reporter and schedules the check-in', () => {
    const effect = GUARDIAN_ACTION_HANDLERS.close.apply(input(aCase({ status: 'acknowledged' }), { text: 'Done.' }));
    expect(effect).toMatchObject({
      kind: 'effect',
      patch: { status: 'closed', closedAt: NOW, checkInSent: false },
      message: 'outcome',
    });
    const due = effect.kind === 'effect' ? String(effect.patch.checkInDueAt) : '';
    expect(Date.parse(due) - Date.parse(NOW)).toBe(90 * DAY_MS);
    expect(effect.kind === 'effect' && effect.toReporter?.key).toBe(`outcome-${Date.parse(NOW)}`);
  });
});
