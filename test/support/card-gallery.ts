import { welcomeCard } from '../../src/people/welcome.cards';
import { helpCard, noteCard, rolesCard, channelChangeText } from '../../src/people/people.cards';
import { errorCard, problemCard } from '../../src/platform/teams/system.cards';
import { MAX_FREE_TEXT, type Question } from '../../src/surveys/authoring/questions';
import { describeTime } from '../../src/platform/calendar/local-time';
import { waveIdOf, type Survey, type Wave } from '../../src/surveys/authoring/survey';
import { adminOnlyCard, surveysCard } from '../../src/surveys/authoring/survey-admin.cards';
import { newSurveyCard, questionCard } from '../../src/surveys/authoring/survey-form.cards';
import { progressAsShown, type SurveySummary, type TeamChoice } from '../../src/surveys/authoring/survey-admin';
import { openForMeCard } from '../../src/surveys/authoring/open-for-me.cards';
import {
  surveyCard,
  surveyNoteCard,
  SURVEY_VERBS,
  thankYouCard,
  type SurveyCardView,
} from '../../src/surveys/authoring/survey.cards';
import { CBI_WORK_BURNOUT, NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';
import type { GroupFigures } from '../../src/results/figures';
import type { WaveResult } from '../../src/results/result';
import { resultsCard } from '../../src/results/results.cards';
import { ACTION_VERBS } from '../../src/actions/actions.cards';
import type { SurveyResults } from '../../src/results/result';
import { resultsGallery } from './results-gallery';
import { SPEAK_UP_VERBS } from '../../src/speak-up/speak-up.cards';
import { speakUpGallery } from './speak-up-gallery';
import { actionsGallery } from './actions-gallery';
import { leadsGallery, sampleTeams } from './leads-gallery';

/** A card `npm run docs:cards` renders to docs/cards/<file>.png, with sample data. */
export interface GalleryEntry {
  /** File name without extension: 'welcome' → docs/cards/welcome.png */
  file: string;
  title: string;
  /** Adaptive Card JSON, schema 1.5 */
  card: Record<string, unknown>;
}

const people = [
  { aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Alex Admin' },
  { aadObjectId: '00000000-0000-4000-8000-000000000002', name: 'Grace Guardian' },
  { aadObjectId: '00000000-0000-4000-8000-000000000003', name: 'Evan Executive' },
  { aadObjectId: '00000000-0000-4000-8000-000000000004', name: 'Sam Staff' },
];

// Survey sample data: times as a trust in England reads them.
const TIME_ZONE = 'Europe/London';
const DIRECTORATES = ['Medicine', 'Surgery', 'Women and children'];
const ENGAGEMENT_ID = 'a1b2c3d4e5';
const BURNOUT_ID = 'b7c8d9e0f1';
const WARD_ID = 'c2d3e4f5a6';

/** The NQPS engagement survey as Sam Staff receives it. */
const engagementView: SurveyCardView = {
  surveyName: 'Winter staff pulse 2026',
  minGroupSize: 10,
  waveId: waveIdOf(ENGAGEMENT_ID, 1),
  to: people[3]!.aadObjectId,
  closesOn: describeTime('2026-11-30T09:00:00Z', TIME_ZONE),
  questions: NQPS_ENGAGEMENT.questions,
  aboutYou: true,
  directorates: DIRECTORATES,
};

/** Answers as entered before a problem: keyed by question id, and `about.<field>` for "about you". */
const partlyFilled = {
  nqps1: '4',
  nqps3: '3',
  nqps4: '4',
  nqps5: '5',
  'about.staffGroup': 'Nursing and midwifery',
  'about.directorate': 'Surgery',
};

/** Copied from the 'try-again' case in src/surveys/answering/answering.routes.ts. */
const TRY_AGAIN =
  'Sorry, your answers could not be saved just now (a problem on our side). They are still filled in below: please press Submit again in a minute.';

/** A survey an admin built from scratch: one question of each custom kind. */
const wardQuestions: Question[] = [
  {
    id: 'x1',
    text: 'How likely are you to recommend Ward 7 to a friend as a place to work?',
    scale: { kind: 'zero-to-ten' },
    required: true,
  },
  {
    id: 'x2',
    text: 'Which shift pattern do you mostly work?',
    scale: { kind: 'choice', options: ['Days', 'Nights', 'Long days', 'Rotating days and nights'] },
    required: true,
  },
  {
    id: 'x3',
    text: 'What one change would make your shifts safer?',
    scale: { kind: 'text', maxLength: MAX_FREE_TEXT },
    required: false,
  },
];
const wardView: SurveyCardView = {
  surveyName: 'Ward 7 shift check-in',
  minGroupSize: 10,
  waveId: waveIdOf(WARD_ID, 2),
  to: people[3]!.aadObjectId,
  closesOn: describeTime('2026-11-27T09:00:00Z', TIME_ZONE),
  questions: wardQuestions,
  aboutYou: false,
  directorates: [],
};

/**
 * Results of the ward survey with "Your ward" marked as describing the person: a breakdown by ward, the 0 to 10
 * question hidden for a ward where too few answered it, and a comment with Markdown and a link shown inert.
 */
function wardResults(): SurveyResults {
  const questions: Question[] = [
    ...wardQuestions.map((q) => (q.id === 'x1' ? { ...q, required: false } : q)),
    {
      id: 'x4',
      text: 'Your ward',
      scale: { kind: 'choice', options: ['Ward 7', 'Ward 8', 'Ward 9'] },
      required: false,
      describesPerson: true,
    },
  ];
  const group = (people: number, mean?: number): GroupFigures => ({
    people,
    themes: {},
    favourable: {},
    means: mean === undefined ? {} : { x1: mean },
    choices: {},
    counts: {},
  });
  const latest: WaveResult = {
    surveyId: WARD_ID,
    waveId: waveIdOf(WARD_ID, 2),
    surveyName: 'Ward 7 shift check-in',
    waveNumber: 2,
    closedAt: '2026-11-27T09:00:00Z',
    computedAt: '2026-11-27T09:10:00Z',
    recipients: 48,
    figures: {
      responses: 41,
      showable: true,
      responseRate: 85.4,
      overall: { ...group(41, 7.2), choices: { x2: [41.5, 24.4, 22, 12.2] } },
      breakdowns: [
        {
          dimension: 'x4',
          shown: [
            { group: 'Ward 7', ...group(17, 7.6) },
            { group: 'Ward 8', ...group(13) },
          ],
          hidden: ['Not said', 'Ward 9'],
        },
      ],
      comments: {
        x3: [
          'Two nurses on nights, not one. **Please** read [this](https://evil.example/rota) before the next rota.',
          'Breaks that actually happen.',
          'A working hoist on bay 3.',
        ],
      },
    },
  };
  return {
    survey: { id: WARD_ID, name: 'Ward 7 shift check-in', questions, commentsInDigest: true },
    latest,
    trend: [latest],
  };
}

const survey = (
  s: Pick<Survey, 'id' | 'name' | 'templateId' | 'questions' | 'status' | 'cadence' | 'audience' | 'waveCount'> &
    Partial<Survey>,
): Survey => ({
  windowDays: 7,
  commentsInDigest: true,
  sendTime: '09:00',
  reminderDays: 3,
  aboutYou: false,
  directorates: [],
  createdBy: people[0]!.aadObjectId,
  createdAt: '2026-11-02T10:15:00Z',
  etag: 'W/"sample"',
  ...s,
});

const teams: TeamChoice[] = [
  { teamId: '19:8f0e2a5c3b7d4e6f9a1b2c3d4e5f6a7b@thread.tacv2', name: 'Ward 7 (Acute medicine)' },
  { teamId: '19:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d@thread.tacv2', name: 'Theatres and recovery' },
];

function adminSummaries(): SurveySummary[] {
  const wave: Wave = {
    id: waveIdOf(ENGAGEMENT_ID, 1),
    surveyId: ENGAGEMENT_ID,
    number: 1,
    opensAt: '2026-11-23T09:00:00Z',
    closesAt: '2026-11-30T09:00:00Z',
    remindAt: '2026-11-26T09:00:00Z',
    status: 'open',
    recipients: 30,
    fannedOut: true,
    reminded: false,
    etag: 'W/"sample"',
  };
  // 27 answered and 2 declined: shown as 20 answered (steps of k = 10), and the declines not at all (fewer than 10).
  const progress = progressAsShown(
    { recipients: 30, sent: 30, answered: 27, declined: 2, pending: 0, unreachable: 0 },
    10,
  );
  return [
    {
      survey: survey({
        id: WARD_ID,
        name: 'Ward 7 shift check-in',
        templateId: 'custom',
        questions: wardQuestions,
        status: 'draft',
        cadence: 'fortnightly',
        audience: { kind: 'teams', teamIds: [teams[0]!.teamId] },
        waveCount: 0,
      }),
    },
    {
      survey: survey({
        id: ENGAGEMENT_ID,
        name: 'Winter staff pulse 2026',
        templateId: NQPS_ENGAGEMENT.id,
        questions: NQPS_ENGAGEMENT.questions,
        status: 'active',
        cadence: 'nqps-quarterly',
        audience: { kind: 'everyone' },
        aboutYou: true,
        directorates: DIRECTORATES,
        nextOpenAt: '2027-01-04T09:00:00Z',
        waveCount: 1,
      }),
      latest: { wave, progress },
    },
    {
      survey: survey({
        id: BURNOUT_ID,
        name: 'Work-related burnout check',
        templateId: CBI_WORK_BURNOUT.id,
        questions: CBI_WORK_BURNOUT.questions,
        status: 'paused',
        cadence: 'monthly',
        audience: { kind: 'everyone' },
        waveCount: 0,
      }),
    },
  ];
}

/** Every card the code can build, with sample data. Add a card here when you add it to src/. */
export function cardGallery(): GalleryEntry[] {
  return [
    {
      file: 'welcome',
      title: 'Welcome (sent on personal install)',
      card: welcomeCard(10, { openSurveys: SURVEY_VERBS.mine, speakUp: SPEAK_UP_VERBS.open }),
    },
    { file: 'help-staff', title: 'Help, for a member of staff', card: helpCard(new Set()) },
    { file: 'help-admin', title: 'Help, for a survey admin', card: helpCard(new Set(['admin', 'guardian'] as const)) },
    {
      file: 'roles',
      title: 'Roles (admins, in 1:1 chat)',
      card: rolesCard(
        [
          { aadObjectId: people[0]!.aadObjectId, roles: ['admin', 'guardian', 'executive'], configAdmin: true },
          { aadObjectId: people[1]!.aadObjectId, roles: ['guardian'], configAdmin: false },
        ],
        people,
        { text: 'Granted: Freedom to Speak Up guardian.', ok: true },
        sampleTeams,
      ),
    },
    ...leadsGallery(),
    {
      file: 'channel-registered',
      title: 'Channel registered (digest here)',
      card: noteCard(channelChangeText('registered', 'digest')),
    },
    {
      file: 'not-allowed',
      title: 'Refusal for someone without the role',
      card: noteCard(channelChangeText('not-allowed', 'guardians')),
    },
    {
      file: 'problem',
      title: 'A stale or tampered action',
      card: problemCard(
        'That button is no longer in use',
        'This card is out of date. Type "help" to see what you can do now.',
      ),
    },
    {
      file: 'error',
      title: 'Something went wrong (turn error)',
      card: errorCard('3f2b9c1e-8d4a-4b7e-9f10-2c6d5e4a1b08'),
    },

    // Surveys: staff.
    { file: 'survey-nqps', title: 'Survey card: NQPS engagement, with "about you"', card: surveyCard(engagementView) },
    {
      file: 'survey-problems',
      title: 'Survey card returned with a problem (answers kept)',
      card: surveyCard(engagementView, {
        values: partlyFilled,
        problems: ['"I am enthusiastic about my job." only takes one of the choices shown.'],
      }),
    },
    {
      file: 'survey-try-again',
      title: 'Survey card: could not save, try again',
      card: surveyCard(engagementView, {
        values: { ...partlyFilled, nqps2: '4', nqps6: '4', nqps7: '5', nqps8: '4', nqps9: '5' },
        problems: [TRY_AGAIN],
      }),
    },
    {
      file: 'survey-reminder',
      title: 'Survey card reminder: CBI work-related burnout',
      card: surveyCard({
        surveyName: 'Work-related burnout check',
        waveId: waveIdOf(BURNOUT_ID, 3),
        to: people[3]!.aadObjectId,
        closesOn: describeTime('2026-12-04T09:00:00Z', TIME_ZONE),
        questions: CBI_WORK_BURNOUT.questions,
        aboutYou: false,
        directorates: [],
        reminder: true,
        minGroupSize: 10,
      }),
    },
    {
      file: 'survey-team',
      title: 'Survey card in a wave to teams (the team travels in the buttons, not on the card)',
      card: surveyCard({ ...wardView, byTeam: true, team: 'ward-7-team', teamProof: 'proof' }),
    },
    {
      file: 'survey-custom',
      title: 'Survey card: custom questions (0 to 10, single choice, free text)',
      card: surveyCard(wardView),
    },
    { file: 'survey-preview', title: 'Survey card preview, for admins', card: surveyCard(wardView, { preview: true }) },
    {
      file: 'survey-thank-you',
      title: 'Thank you (answers recorded)',
      card: thankYouCard(engagementView.surveyName, 10),
    },
    {
      file: 'survey-declined',
      title: 'Not this time (declined)',
      card: surveyNoteCard(
        'No problem: not this time',
        `You won't be reminded about "${engagementView.surveyName}". The next survey will come here as usual.`,
      ),
    },
    {
      file: 'survey-closed',
      title: 'Late answer: the survey has closed',
      card: surveyNoteCard(
        `"${engagementView.surveyName}" has closed`,
        `It closed ${engagementView.closesOn}, so answers are no longer taken and nothing was saved. Thank you for wanting to take part: the next survey will arrive here.`,
        true,
      ),
    },
    {
      file: 'survey-not-yours',
      title: 'Someone else pressed a survey card',
      card: surveyNoteCard(
        'This card was sent to someone else',
        'Only the person a survey card was sent to can answer it, so nothing was saved. Type "surveys" to see the surveys open for you.',
        true,
      ),
    },
    {
      file: 'survey-out-of-date',
      title: 'A survey card without a proof of sending a configured key verifies',
      card: surveyNoteCard(
        'This card is out of date',
        'Nothing was saved. Press "My open surveys" (or type "surveys") for a fresh card for each survey open for you.',
        true,
      ),
    },
    {
      file: 'survey-already-answered',
      title: 'Already answered',
      card: surveyNoteCard(
        'You have already answered',
        `Your answers to "${engagementView.surveyName}" are in, and answers are final. Thank you.`,
      ),
    },
    {
      file: 'surveys-open-for-me',
      title: 'What surveys are open for me? (two open)',
      card: openForMeCard([
        { ...engagementView, asked: 'e'.repeat(40) },
        { ...wardView, asked: 'f'.repeat(40) },
      ]),
    },
    { file: 'surveys-open-for-me-none', title: 'What surveys are open for me? (none)', card: openForMeCard([]) },

    // Surveys: admins.
    {
      file: 'surveys-admin',
      title: 'Surveys, for admins (draft, running, paused)',
      card: surveysCard(adminSummaries(), TIME_ZONE, {
        text: `Launched: wave 1 is on its way and closes ${describeTime('2026-11-30T09:00:00Z', TIME_ZONE)}.`,
        ok: true,
      }),
    },
    { file: 'survey-new', title: 'New survey form', card: newSurveyCard(teams) },
    {
      file: 'survey-new-problems',
      title: 'New survey form returned with a problem',
      card: newSurveyCard(
        teams,
        {
          template: CBI_WORK_BURNOUT.id,
          name: 'Theatres burnout check',
          cadence: 'monthly',
          windowDays: '7',
          sendTime: '19:30',
          remind: 'true',
          reminderDays: '3',
          audience: 'teams',
          teams: teams[1]!.teamId,
          aboutYou: 'true',
          directorates: 'Surgery\nTheatres',
        },
        [{ field: 'sendTime', message: 'Choose a send time in working hours, between 08:00 and 18:00.' }],
      ),
    },
    {
      file: 'survey-question',
      title: 'Add a question to a draft survey',
      card: questionCard({ id: WARD_ID, name: wardView.surveyName, questions: wardQuestions }),
    },
    { file: 'survey-admin-only', title: 'Refusal: only survey admins', card: adminOnlyCard() },

    ...resultsGallery(),
    {
      file: 'results-ward',
      title:
        'results: a ward breakdown (a question that describes the person), a figure hidden where too few answered, a comment shown inert',
      card: resultsCard(
        [wardResults()],
        { k: 10, timeZone: TIME_ZONE, maxComments: 3 },
        { respond: ACTION_VERBS.form },
      ),
    },
    ...speakUpGallery(),
    ...actionsGallery(),
  ];
}
