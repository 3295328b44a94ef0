import { card } from '../../src/platform/cards';
import { ngoRows, type NgoReturn } from '../../src/speak-up/ngo-return';
import type { Case } from '../../src/speak-up/case';
import { channelLabel, guardianChannelChangeCard } from '../../src/people/people.cards';
import { caseStubCard, guardianCaseCard } from '../../src/speak-up/case.cards';
import {
  checkInCard,
  myCasesCard,
  outcomeCard,
  raiseCard,
  raisedCard,
  relayCard,
  speakUpNote,
  threadCard,
} from '../../src/speak-up/speak-up.cards';
import type { GalleryEntry } from './card-gallery';

const TZ = 'Europe/London';
const NOTE =
  "If a patient was harmed or could have been, please also report it through the trust's incident reporting system: speaking up here does not replace it.";
const now = new Date('2026-11-25T11:00:00Z');

const base: Case = {
  ref: 'FTSU-2026-0042',
  mode: 'anonymous',
  categories: ['bullying', 'patient-safety'],
  workerGroup: 'Nursing and midwifery',
  status: 'new',
  raisedAt: '2026-11-23T21:40:00Z',
  ackDueAt: '2026-11-25T21:40:00Z',
  overdue: false,
  checkInSent: false,
  posted: true,
  ready: true,
  etag: '',
};
/** The Teams ids of the guardians whose clients refresh the channel's card to their own view. */
const viewers = ['29:1f3a0c2b-guardian-grace', '29:2b4c6d8e-guardian-alex'];
const concern =
  'On night shifts the nurse in charge shouts at newly qualified staff in front of patients. Last week a drug round was rushed because of it. **This keeps happening** and see https://example.org/rota';

const ngo: NgoReturn = {
  quarter: '2026/27 Q3',
  total: 14,
  anonymous: 2,
  categories: { 'patient-safety': 3, 'worker-safety': 5, bullying: 4, behaviour: 6, detriment: 1, other: 1 },
  workerGroups: {
    'Nursing and midwifery': 6,
    'Medical and dental': 2,
    'Administrative and clerical': 3,
    'Not given': 3,
  },
  feedback: { yes: 5, no: 1, maybe: 1, 'dont-know': 0, 'not-answered': 2 },
};

/** The speak-up cards, with sample data, for `npm run docs:cards`. */
export function speakUpGallery(): GalleryEntry[] {
  return [
    {
      file: 'speak-up-raise',
      title: 'Speak up: the raise form',
      card: raiseCard('0123456789abcdef0123456789abcdef', { incidentNote: NOTE }),
    },
    {
      file: 'speak-up-raised',
      title: 'Speak up: confirmation (anonymous, patient safety)',
      card: raisedCard('FTSU-2026-0042', {
        mode: 'anonymous',
        ackDays: 2,
        patientSafety: true,
        incidentNote: NOTE,
        notSetUp: false,
      }),
    },
    {
      file: 'speak-up-case-stub',
      title: "Guardians' channel: the case card as everyone in the channel sees it (no concern, no name, no actions)",
      card: caseStubCard({ case: base, now, timeZone: TZ, viewers }),
    },
    {
      file: 'speak-up-case-anonymous',
      title: "A guardian's own view of that card (refresh, or Open case): a new anonymous case",
      card: guardianCaseCard({
        case: base,
        reporterLabel: 'Anonymous',
        concern,
        replies: [],
        now,
        timeZone: TZ,
        viewers,
      }),
    },
    {
      file: 'speak-up-case-claimed',
      title: "A guardian's own view: a confidential case, claimed, with the reporter's latest reply",
      card: guardianCaseCard({
        case: {
          ...base,
          ref: 'FTSU-2026-0043',
          mode: 'confidential',
          categories: ['worker-safety'],
          status: 'acknowledged',
          assignee: { aadObjectId: '', name: 'Grace Guardian' },
        },
        reporterLabel: 'Priya Shah',
        concern: 'The hoist on ward 3 has been broken for two weeks.',
        replies: [{ at: '2026-11-24T19:05:00Z', text: 'It was reported to estates on the 10th, reference E-4471.' }],
        now,
        timeZone: TZ,
        viewers,
      }),
    },
    {
      file: 'speak-up-case-overdue',
      title: "Guardians' channel: an overdue case, as everyone in the channel sees it",
      card: caseStubCard({
        case: {
          ...base,
          ref: 'FTSU-2026-0044',
          overdue: true,
          raisedAt: '2026-11-19T09:00:00Z',
          ackDueAt: '2026-11-21T09:00:00Z',
        },
        now,
        timeZone: TZ,
        viewers,
      }),
    },
    {
      file: 'speak-up-channel-change',
      title: "Guardians' channel: where cases go has changed (announced in the channels that had them)",
      card: guardianChannelChangeCard({
        added: true,
        channel: channelLabel('FTSU Guardians', 'Northtown Trust'),
        by: 'Alex Admin',
      }),
    },
    {
      file: 'speak-up-thread',
      title: 'Case thread: a relayed reply',
      card: threadCard(
        'Grace Guardian replied to the reporter:',
        'Thank you for telling us. Can you tell me which nights this happened?',
      ),
    },
    {
      file: 'speak-up-relay',
      title: "Reporter's chat: a guardian's question",
      card: relayCard(
        'FTSU-2026-0042',
        'question',
        'Thank you for telling us. Can you tell me which nights this happened?',
      ),
    },
    { file: 'speak-up-my-cases', title: 'my cases', card: myCasesCard([{ ...base, status: 'in-progress' }], TZ) },
    {
      file: 'speak-up-outcome',
      title: 'Outcome and the NGO feedback question',
      card: outcomeCard(
        'FTSU-2026-0042',
        'We met the ward manager. Night-shift supervision is changing from next month, and the team will have a facilitated session.',
      ),
    },
    {
      file: 'speak-up-check-in',
      title: 'Detriment check-in (90 days after closing)',
      card: checkInCard('FTSU-2026-0042'),
    },
    {
      file: 'speak-up-ngo-return',
      title: 'ngo return, for guardians',
      card: card(
        [
          {
            type: 'TextBlock',
            text: `NGO quarterly return: ${ngo.quarter}`,
            weight: 'Bolder',
            size: 'Medium',
            wrap: true,
          },
          { type: 'FactSet', facts: ngoRows(ngo).map(([title, n]) => ({ title, value: String(n) })) },
        ],
        [
          {
            type: 'Action.OpenUrl',
            title: 'Download as CSV',
            url: 'https://staff-voice.example.nhs.uk/downloads/0f3c',
          },
        ],
      ),
    },
    {
      file: 'speak-up-refused',
      title: 'A guardian action from someone without the role',
      card: speakUpNote(
        'Only Freedom to Speak Up guardians can act on cases',
        'Nothing has changed, and the attempt has been recorded.',
        true,
      ),
    },
  ];
}
