import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import { NOT_SAID, NOT_SAID_CHOICE, STAFF_GROUPS } from '../shared/staff-groups';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  FEEDBACK_ANSWERS,
  FEEDBACK_LABELS,
  MAX_CONCERN,
  MAX_MESSAGE,
  MODES,
  MODE_LABELS,
  STATUS_LABELS,
  type Case,
  type Mode,
} from './case';

/** The input a guardian's text action reads: one id per form, since ids are unique across a card. */
export function textFieldOf(verb: string): string {
  return `text-${verb.split('.').at(-1)}`;
}

/** Card action verbs for speak-up, shared by the cards and the routes. */
export const SPEAK_UP_VERBS = {
  open: 'speakup.open',
  raise: 'speakup.raise',
  claim: 'speakup.claim',
  reply: 'speakup.reply',
  ask: 'speakup.ask',
  note: 'speakup.note',
  status: 'speakup.status',
  close: 'speakup.close',
  reporterReply: 'speakup.reporter-reply',
  feedback: 'speakup.feedback',
  checkIn: 'speakup.checkin',
  /** A guardian's own view of a case: the refresh action of the channel's card, and its "Open case" button. */
  view: 'speakup.view',
} as const;

/**
 * What a reporter typed, shown so that nothing in it acts: a RichTextBlock's TextRun is never read as markdown, and
 * web addresses are broken so Teams does not turn them into links.
 */
export function inert(text: string): Record<string, unknown> {
  return {
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: text.replace(/:\/\//g, ':/\u200B/').replace(/\bwww\./gi, 'www\u200B.') }],
  };
}

const heading = (text: string) => ({ type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true });
const para = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** The raise form. `draft` is a random id: a retried submit of this card finds the case it already made. */
export function raiseCard(
  draft: string,
  options: { incidentNote: string; problems?: string[]; values?: Record<string, string> } = { incidentNote: '' },
): CardJson {
  const v = options.values ?? {};
  const body: unknown[] = [
    heading('Speak up'),
    para(
      'Tell a Freedom to Speak Up guardian about something that worries you at work. Guardians are independent and will listen.',
    ),
  ];
  if (options.problems?.length)
    body.push({
      type: 'Container',
      style: 'attention',
      items: [para(options.problems.join('\n\n'), { color: 'Attention', weight: 'Bolder' })],
    });
  body.push(
    {
      type: 'Input.ChoiceSet',
      id: 'mode',
      label: 'How do you want to speak up?',
      isRequired: true,
      errorMessage: 'Choose how you want to speak up.',
      style: 'expanded',
      wrap: true,
      value: v.mode ?? '',
      choices: MODES.map((m) => ({ title: `${MODE_LABELS[m].title}: ${MODE_LABELS[m].detail}`, value: m })),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'categories',
      label: 'What is it about? (choose all that apply)',
      isRequired: true,
      errorMessage: 'Choose at least one.',
      isMultiSelect: true,
      style: 'expanded',
      wrap: true,
      value: v.categories ?? '',
      choices: CATEGORIES.map((c) => ({ title: CATEGORY_LABELS[c], value: c })),
    },
    para(options.incidentNote, { isSubtle: true, size: 'Small' }),
    {
      type: 'Input.ChoiceSet',
      id: 'workerGroup',
      label: 'Your staff group (optional)',
      style: 'compact',
      value: v.workerGroup || NOT_SAID,
      choices: [NOT_SAID_CHOICE, ...STAFF_GROUPS.map((g) => ({ title: g, value: g }))],
    },
    {
      type: 'Input.Text',
      id: 'concern',
      label: 'What happened?',
      isRequired: true,
      errorMessage: `Please describe your concern (up to ${MAX_CONCERN} characters).`,
      isMultiline: true,
      maxLength: MAX_CONCERN,
      value: v.concern ?? '',
    },
    para(
      'How this is used: your concern goes only to the trust\'s Freedom to Speak Up guardians. What you write is stored encrypted. If you choose "anonymously", nobody, guardians included, can see who you are; they can reply only through this chat.',
      { isSubtle: true, size: 'Small' },
    ),
  );
  return card(body, [executeAction('Send to the guardians', SPEAK_UP_VERBS.raise, { draft }, 'positive')]);
}

/** The reporter's confirmation: the reference and what happens next. */
export function raisedCard(
  ref: string,
  o: { mode: Mode; ackDays: number; patientSafety: boolean; incidentNote: string; notSetUp: boolean },
): CardJson {
  const body: unknown[] = [
    heading('Thank you for speaking up'),
    para(`Your reference is **${ref}**. Keep it: it is how you and the guardians refer to this case.`),
    para(
      `A guardian will acknowledge your concern within ${o.ackDays} working days. Their replies and questions arrive here, in this chat, and you can answer them here. Type "my cases" at any time.`,
    ),
  ];
  if (o.mode === 'anonymous')
    body.push(para('You chose to stay anonymous: nobody, guardians included, can see who you are.'));
  if (o.patientSafety) body.push(para(o.incidentNote, { color: 'Attention' }));
  if (o.notSetUp)
    body.push(
      para(
        "Speak up is not fully set up yet: no guardians' channel is registered. Your concern is saved safely and will reach the guardians as soon as it is.",
        { color: 'Attention' },
      ),
    );
  return card(body, [commandAction('My cases', 'my cases')]);
}

/** A line in the case's thread in the guardians' channel. */
export function threadCard(title: string, text?: string): CardJson {
  return card([para(title, { weight: 'Bolder' }), ...(text ? [inert(text)] : [])]);
}

/**
 * Posted instead of a reporter's reply in a channel registered by someone without the guardian role: that channel's
 * members were never vouched for by a guardian, so the text is left for guardians' own view of the case card.
 */
export function withheldReplyCard(): CardJson {
  return threadCard(
    'The reporter replied. Guardians can read it in their own view of the case card ("Open case (guardians)"). Replies are not posted in this channel: whoever registered it is not a guardian. A survey admin who is also a guardian can type "guardians here" in it to vouch for it.',
  );
}

/** A guardian's reply or question, in the reporter's 1:1 chat, with a box to answer. */
export function relayCard(ref: string, kind: 'reply' | 'question', text: string): CardJson {
  return card(
    [
      heading('From your Freedom to Speak Up guardian'),
      para(`About your case ${ref}${kind === 'question' ? ': they have a question' : ''}`, {
        isSubtle: true,
        spacing: 'None',
      }),
      inert(text),
      {
        type: 'Input.Text',
        id: 'text',
        label: 'Your reply (only the guardians see it)',
        isMultiline: true,
        maxLength: MAX_MESSAGE,
      },
    ],
    [executeAction('Send reply', SPEAK_UP_VERBS.reporterReply, { case: ref }, 'positive')],
  );
}

/** `my cases`: the reporter's open cases, each with a reply box. */
export function myCasesCard(cases: readonly Case[], timeZone: string): CardJson {
  if (cases.length === 0)
    return card([
      heading('You have no open speak-up cases'),
      para('Type "speak up" to raise a concern with a Freedom to Speak Up guardian.'),
    ]);
  return card([
    heading('Your speak-up cases'),
    ...cases.map((c) => ({
      type: 'Container',
      separator: true,
      items: [
        para(`${c.ref}: ${STATUS_LABELS[c.status]}`, { weight: 'Bolder' }),
        para(`Raised ${describeTime(c.raisedAt, timeZone)}`, { isSubtle: true, spacing: 'None' }),
        {
          type: 'Input.Text',
          id: `text-${c.ref}`,
          label: 'Send the guardians a message',
          isMultiline: true,
          maxLength: MAX_MESSAGE,
        },
        { type: 'ActionSet', actions: [executeAction('Send', SPEAK_UP_VERBS.reporterReply, { case: c.ref })] },
      ],
    })),
  ]);
}

/** The outcome, and the NGO feedback question. */
export function outcomeCard(ref: string, outcome: string): CardJson {
  return card(
    [
      heading(`Your case ${ref} is closed`),
      para('The guardian wrote:', { isSubtle: true }),
      inert(outcome),
      {
        type: 'Input.ChoiceSet',
        id: 'answer',
        label: 'Given your experience, would you speak up again?',
        style: 'expanded',
        choices: FEEDBACK_ANSWERS.map((a) => ({ title: FEEDBACK_LABELS[a], value: a })),
      },
      {
        type: 'Input.Text',
        id: 'comment',
        label: 'Anything you would like to add? (optional)',
        isMultiline: true,
        maxLength: 1000,
      },
    ],
    [executeAction('Send feedback', SPEAK_UP_VERBS.feedback, { case: ref }, 'positive')],
  );
}

/** The check-in some time after closing: has speaking up cost them anything? */
export function checkInCard(ref: string): CardJson {
  return card(
    [
      heading('A check-in from Freedom to Speak Up'),
      para(
        `Some time ago you spoke up (case ${ref}). Since then, have you been treated badly, or disadvantaged, because you spoke up?`,
      ),
      {
        type: 'Input.ChoiceSet',
        id: 'answer',
        label: 'Have you experienced detriment for speaking up?',
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Choose yes or no.',
        choices: [
          { title: 'Yes', value: 'yes' },
          { title: 'No', value: 'no' },
        ],
      },
    ],
    [executeAction('Send', SPEAK_UP_VERBS.checkIn, { case: ref })],
  );
}

/** A short note to the reporter or a guardian. */
export function speakUpNote(title: string, detail: string, attention = false): CardJson {
  return card([para(title, { weight: 'Bolder', ...(attention ? { color: 'Attention' } : {}) }), para(detail)]);
}
