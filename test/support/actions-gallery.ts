import type { Action } from '../../src/actions/action';
import { actionFormCard, actionsCard, actionsNoteCard } from '../../src/actions/actions.cards';
import { dueActionsSection, youSaidWeDidCard } from '../../src/actions/you-said-we-did.cards';
import { card } from '../../src/platform/cards';
import { surveyCard } from '../../src/surveys/authoring/survey.cards';
import { NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';
import type { GalleryEntry } from './card-gallery';

const base: Action = {
  id: 'a1b2c3d4e5f6',
  surveyId: 'a1b2c3d4e5',
  surveyName: 'Winter staff pulse 2026',
  waveId: 'a1b2c3d4e5-w001',
  waveNumber: 1,
  heard: 'Only 41% feel there are enough staff on nights',
  plan: 'Two more registered nurses on every night shift on the medical wards',
  owner: 'Director of Nursing',
  targetMonth: '2027-01',
  status: 'in-progress',
  publishedAt: '2026-11-24T09:00:00Z',
  createdBy: '00000000-0000-4000-8000-000000000003',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  etag: '',
};
const ward7 = { id: '19:0a1b2c3d4e5f@thread.tacv2', name: 'Ward 7' };
const handover: Action = {
  ...base,
  id: 'c1b2c3d4e5f6',
  team: ward7,
  heard: 'Handovers often run into your break',
  plan: 'A protected 15-minute handover slot on every shift',
  owner: 'Wendy Ward, ward manager',
  targetMonth: '2027-01',
  status: 'planned',
};
const breaks: Action = {
  ...base,
  id: 'b1b2c3d4e5f6',
  heard: 'Half of you rarely get a break on a long day',
  plan: 'A protected break rota on every ward',
  owner: 'Ward managers',
  targetMonth: '2026-11',
  status: 'planned',
  publishedAt: undefined,
};

/** The actions feature's cards ("you said, we did"), with sample data. */
export function actionsGallery(): GalleryEntry[] {
  const target = { surveyId: base.surveyId, surveyName: base.surveyName, waveId: base.waveId, waveNumber: 1 };
  return [
    {
      file: 'actions-list',
      title: 'actions: a survey’s actions, for executives and admins',
      card: actionsCard(
        [
          {
            ...target,
            actions: [base, breaks],
            tallies: new Map([[base.id, { answered: 14, counts: { yes: 8, 'not-yet': 4, 'dont-know': 2 } }]]),
          },
        ],
        { text: 'Action saved. Publish it when you are ready for staff to see it.', ok: true },
      ),
    },
    {
      file: 'actions-form-problems',
      title: 'Action form returned with problems (a comment quoted, no owner)',
      card: actionFormCard(
        target,
        {
          heard: 'Someone said the car park is badly lit at night and feels unsafe',
          plan: 'Better lighting',
          owner: '',
          targetMonth: '2027-02',
          status: 'planned',
        },
        [
          'Owner is needed.',
          'What we heard repeats a comment someone wrote. Summarise it in your own words: a comment quoted back to everyone asked can identify its writer.',
        ],
      ),
    },
    {
      file: 'actions-you-said-we-did',
      title: 'You said, we did: two actions published the same day, in one message',
      card: youSaidWeDidCard([
        { action: base, event: 'published', feedback: 'ask' },
        { action: breaks, event: 'published', feedback: 'ask' },
      ]),
    },
    {
      file: 'actions-feedback-recorded',
      title: 'You said, we did: after "Has this made a difference?" is answered (the card comes back as it now stands)',
      card: youSaidWeDidCard(
        [
          { action: base, event: 'published', feedback: 'answered' },
          { action: breaks, event: 'published', feedback: 'ask' },
        ],
        { text: 'Thank you: your answer is recorded, anonymously.', ok: true },
      ),
    },
    {
      file: 'actions-done',
      title: 'You said, we did: an action done',
      card: youSaidWeDidCard([{ action: { ...base, status: 'done' }, event: 'done', feedback: 'ask' }]),
    },
    {
      file: 'actions-next-wave',
      title: 'The next wave’s survey card opens with what leaders did',
      card: surveyCard({
        surveyName: base.surveyName,
        waveId: 'a1b2c3d4e5-w002',
        to: '00000000-0000-4000-8000-000000000004',
        closesOn: 'Monday 4 January, 09:00',
        questions: NQPS_ENGAGEMENT.questions.slice(0, 2),
        aboutYou: false,
        directorates: [],
        minGroupSize: 10,
        sinceLastTime:
          'Last time you told us only 41% feel there are enough staff on nights. Since then: two more registered nurses on every night shift (in progress).',
      }),
    },
    {
      file: 'actions-digest-section',
      title: 'Weekly digest section: actions due or overdue',
      card: card([dueActionsSection([breaks, base], '2026-12')!]),
    },
    {
      file: 'actions-not-allowed',
      title: 'Refusal: actions are for executives, admins and team leads',
      card: actionsNoteCard(
        'Actions are for executives, survey admins and team leads',
        "Nothing was changed. Executives and survey admins answer the organisation's results; a team's leads answer their team's. Staff see published actions in their chat with Staff Voice. Type \"help\" to see what you can do.",
      ),
    },
    ...teamGallery(target),
  ];
}

/** Team actions: a lead's section and form, the refusal, the team's item and the next wave's card through the team. */
function teamGallery(target: { surveyId: string; surveyName: string; waveId: string; waveNumber: number }) {
  return [
    {
      file: 'actions-team-list',
      title: 'actions: a team lead’s card (their team’s section)',
      card: actionsCard([{ ...target, team: ward7, actions: [handover] }], {
        text: 'Action saved. Publish it when you are ready for staff to see it.',
        ok: true,
      }),
    },
    {
      file: 'actions-team-form',
      title: 'Action form for a team (from the team’s results card)',
      card: actionFormCard({ ...target, team: ward7 }),
    },
    {
      file: 'actions-not-team-lead',
      title: 'Refusal: a lead of another team, or staff, on Ward 7',
      card: actionsNoteCard(
        "Only Ward 7's leads record its actions",
        "Nothing was changed. A team's actions are recorded by the leads an admin named for it on the roles card, and by executives and survey admins.",
      ),
    },
    {
      file: 'actions-you-said-we-did-team',
      title: 'You said, we did: the organisation’s action and the team’s, in one message to Ward 7’s staff',
      card: youSaidWeDidCard([
        { action: base, event: 'published', feedback: 'ask' },
        { action: { ...handover, publishedAt: base.publishedAt }, event: 'published', feedback: 'ask' },
      ]),
    },
    {
      file: 'actions-next-wave-team',
      title: 'The next wave’s card, sent through Ward 7: the organisation’s line and the team’s',
      card: surveyCard({
        surveyName: base.surveyName,
        waveId: 'a1b2c3d4e5-w002',
        to: '00000000-0000-4000-8000-000000000004',
        closesOn: 'Monday 4 January, 09:00',
        questions: NQPS_ENGAGEMENT.questions.slice(0, 2),
        aboutYou: false,
        directorates: [],
        minGroupSize: 10,
        sinceLastTime:
          'Last time you told us only 41% feel there are enough staff on nights. Since then: two more registered nurses on every night shift (in progress).\n\nWard 7: last time you told us handovers often run into your break. Since then: a protected 15-minute handover slot on every shift (planned).',
      }),
    },
  ];
}
