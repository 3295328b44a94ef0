import { ManualClock } from '../../src/platform/clock';
import { user, type TestUser } from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';
import { actionFields, actionRef, buttons, makeExecutive, recordAction, say } from './support';

describe('actions: only executives and admins change them, every refusal polite, audited, and nothing changed', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  const exec = user('Evan Executive');
  let h: Harness;
  let staff: TestUser[];
  let surveyId: string;
  let waveId: string;
  const comment = (i: number) => `The car park by ward ${i} is badly lit at night and feels unsafe after a late shift`;
  const rows = async () => (await allEntities(h.table('actions'))).map(({ Timestamp: _t, etag: _e, ...rest }) => rest);
  const refusals = async (actor: string) =>
    (await allEntities(h.table('audit')))
      .filter((e) => e.actor === actor && e.outcome === 'refused')
      .map((e) => e.action);

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 12);
    ({ surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ name: 'Staying with us', template: 'intention-to-stay' }),
    ));
    await waitForCards(h, staff);
    for (const [i, p] of staff.entries())
      await click(
        h,
        p,
        'survey.answer',
        submitData(surveyCardsFor(h, p)[0], {
          its1: '2',
          its2: '4',
          its3: comment(i),
        }),
      );
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    await makeExecutive(h, admin, exec);
    await recordAction(
      h,
      exec,
      surveyId,
      actionFields({
        heard: 'Many of you do not feel safe walking to the car park at night',
        plan: 'Better lighting on the car park path',
      }),
    );
  }, 90_000);
  afterAll(() => h.stop());

  it('refuses `actions` to someone without the executive or admin role', async () => {
    expect(cardText(await say(h, staff[0]!, 'actions'))).toContain(
      'Actions are for executives, survey admins and team leads',
    );
  });

  it('refuses crafted create, edit and publish invokes from staff: nothing changes, each refusal audited', async () => {
    const before = await rows();
    const ref = await actionRef(h, 'Better lighting on the car park path');
    const who = staff[1]!;
    for (const [verb, data] of [
      ['actions.save', { survey: surveyId, wave: waveId, ...actionFields() }],
      [
        'actions.save',
        {
          ...ref,
          ...actionFields({
            plan: 'Nothing at all',
            status: 'dropped',
            droppedReason: 'because',
          }),
        },
      ],
      ['actions.publish', ref],
      ['actions.form', { survey: surveyId, wave: waveId }],
    ] as const) {
      expect(cardText(await click(h, who, verb, data))).toContain(
        'Actions are for executives, survey admins and team leads',
      );
    }
    expect(await rows()).toEqual(before);
    expect((await rows()).every((r) => r.partitionKey !== 'announce')).toBe(true);
    expect((await refusals(who.aadObjectId)).sort()).toEqual([
      'action.create',
      'action.edit',
      'action.form',
      'action.publish',
    ]);
  });

  it('refuses a tampered invoke from an executive politely: malformed data, another survey’s action, a wave without results', async () => {
    const before = await rows();
    const ref = await actionRef(h, 'Better lighting on the car park path');
    expect(
      cardText(
        await click(h, exec, 'actions.save', {
          survey: "x' or 1 eq 1",
          ...actionFields(),
        }),
      ),
    ).toContain('This card could not be read');
    expect(
      cardText(
        await click(h, exec, 'actions.publish', {
          survey: 'abcdefabcd',
          id: ref.id,
        }),
      ),
    ).toContain('That action or wave is not there');
    expect(
      cardText(
        await click(h, exec, 'actions.save', {
          survey: surveyId,
          wave: `${surveyId}-w002`,
          ...actionFields(),
        }),
      ),
    ).toContain('That action or wave is not there');
    expect(await rows()).toEqual(before);
    expect(await refusals(exec.aadObjectId)).toEqual(expect.arrayContaining(['action.create', 'action.publish']));
  });

  it('refuses "what we heard" that repeats a published comment, and lists every problem at once, storing nothing', async () => {
    const before = await rows();
    const form = await click(h, exec, 'actions.form', {
      survey: surveyId,
      wave: waveId,
    });
    const save = buttons(form).find((b) => b.verb === 'actions.save').data;
    const quoted = await click(h, exec, 'actions.save', {
      ...save,
      ...actionFields({ heard: `Someone said: ${comment(3).toUpperCase()}!` }),
    });
    expect(cardText(quoted)).toContain('What we heard repeats a comment someone wrote');
    const partQuoted = await click(h, exec, 'actions.save', {
      ...save,
      ...actionFields({
        heard: 'Ward 5: badly lit at night and feels unsafe, we heard',
      }),
    });
    expect(cardText(partQuoted)).toContain('What we heard repeats a comment someone wrote');

    const broken = await click(h, exec, 'actions.save', {
      ...save,
      ...actionFields({
        owner: ' ',
        targetMonth: '2027-13',
        status: 'dropped',
      }),
    });
    const text = cardText(broken);
    expect(text).toContain('Owner is needed.');
    expect(text).toContain('Target month: a month as YYYY-MM');
    expect(buttons(broken).some((b) => b.verb === 'actions.save')).toBe(true); // the form comes back with what was typed
    const dropped = await click(h, exec, 'actions.save', {
      ...save,
      ...actionFields({ status: 'dropped' }),
    });
    expect(cardText(dropped)).toContain('Dropping an action needs a reason');
    expect(await rows()).toEqual(before);
  });

  it('refuses a status that goes backwards', async () => {
    const ref = await actionRef(h, 'Better lighting on the car park path');
    const form = await click(h, exec, 'actions.form', ref);
    const save = buttons(form).find((b) => b.verb === 'actions.save').data;
    expect(
      cardText(
        await click(h, exec, 'actions.save', {
          ...save,
          ...actionFields({
            heard: 'Many of you do not feel safe walking to the car park at night',
            plan: 'Better lighting on the car park path',
            status: 'done',
          }),
        }),
      ),
    ).toContain('Action updated');
    const before = await rows();
    const back = await click(h, exec, 'actions.save', {
      ...save,
      ...actionFields({
        heard: 'Many of you do not feel safe walking to the car park at night',
        plan: 'Better lighting on the car park path',
        status: 'planned',
      }),
    });
    expect(cardText(back)).toContain('Status cannot go from done to planned');
    expect(await rows()).toEqual(before);
  });
});
