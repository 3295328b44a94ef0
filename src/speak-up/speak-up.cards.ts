import { DAY_MS } from '../platform/calendar/durations';
import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import { NOT_SAID, NOT_SAID_CHOICE, STAFF_GROUPS } from '../shared/staff-groups';
import { CATEGORIES, CATEGORY_LABELS, FEEDBACK_ANSWERS, FEEDBACK_LABELS, MAX_CONCERN, MAX_MESSAGE, MODES, MODE_LABELS, STATUSES, STATUS_LABELS, canMoveTo, type Case, type Category, type Mode } from './case';

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
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: text.replace(/:\/\//g, ':/\u200B/').replace(/\bwww\./gi, 'www\u200B.') }] };
}

const heading = (text: string) => ({ type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true });
const para = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** The raise form. `draft` is a random id: a retried submit of this card finds the case it already made. */
export function raiseCard(draft: string, options: { incidentNote: string; problems?: string[]; values?: Record<string, string> } = { incidentNote: '' }): CardJson {
  const v = options.values ?? {};
  const body: unknown[] = [
    heading('Speak up'),
    para('Tell a Freedom to Speak Up guardian about something that worries you at work. Guardians are independent and will listen.'),
  ];
  if (options.problems?.length) body.push({ type: 'Container', style: 'attention', items: [para(options.problems.join('\n\n'), { color: 'Attention', weight: 'Bolder' })] });
  body.push(
    { type: 'Input.ChoiceSet', id: 'mode', label: 'How do you want to speak up?', isRequired: true, errorMessage: 'Choose how you want to speak up.', style: 'expanded', wrap: true, value: v.mode ?? '', choices: MODES.map((m) => ({ title: `${MODE_LABELS[m].title}: ${MODE_LABELS[m].detail}`, value: m })) },
    { type: 'Input.ChoiceSet', id: 'categories', label: 'What is it about? (choose all that apply)', isRequired: true, errorMessage: 'Choose at least one.', isMultiSelect: true, style: 'expanded', wrap: true, value: v.categories ?? '', choices: CATEGORIES.map((c) => ({ title: CATEGORY_LABELS[c], value: c })) },
    para(options.incidentNote, { isSubtle: true, size: 'Small' }),
    { type: 'Input.ChoiceSet', id: 'workerGroup', label: 'Your staff group (optional)', style: 'compact', value: v.workerGroup || NOT_SAID, choices: [NOT_SAID_CHOICE, ...STAFF_GROUPS.map((g) => ({ title: g, value: g }))] },
    { type: 'Input.Text', id: 'concern', label: 'What happened?', isRequired: true, errorMessage: `Please describe your concern (up to ${MAX_CONCERN} characters).`, isMultiline: true, maxLength: MAX_CONCERN, value: v.concern ?? '' },
    para('How this is used: your concern goes only to the trust\'s Freedom to Speak Up guardians. What you write is stored encrypted. If you choose "anonymously", nobody, guardians included, can see who you are; they can reply only through this chat.', { isSubtle: true, size: 'Small' }),
  );
  return card(body, [executeAction('Send to the guardians', SPEAK_UP_VERBS.raise, { draft }, 'positive')]);
}

/** The reporter's confirmation: the reference and what happens next. */
export function raisedCard(ref: string, o: { mode: Mode; ackDays: number; patientSafety: boolean; incidentNote: string; notSetUp: boolean }): CardJson {
  const body: unknown[] = [
    heading('Thank you for speaking up'),
    para(`Your reference is **${ref}**. Keep it: it is how you and the guardians refer to this case.`),
    para(`A guardian will acknowledge your concern within ${o.ackDays} working days. Their replies and questions arrive here, in this chat, and you can answer them here. Type "my cases" at any time.`),
  ];
  if (o.mode === 'anonymous') body.push(para('You chose to stay anonymous: nobody, guardians included, can see who you are.'));
  if (o.patientSafety) body.push(para(o.incidentNote, { color: 'Attention' }));
  if (o.notSetUp) body.push(para('Speak up is not fully set up yet: no guardians\' channel is registered. Your concern is saved safely and will reach the guardians as soon as it is.', { color: 'Attention' }));
  return card(body, [commandAction('My cases', 'my cases')]);
}

/** What any member of a guardians' channel may see of a case, and whose clients show them their own view of it. */
export interface CaseSummary {
  readonly case: Case;
  readonly now: Date;
  readonly timeZone: string;
  /** Teams user ids (29:…) of the guardians whose clients refresh the card to their own view: at most 60. */
  readonly viewers: readonly string[];
}

/** A guardian's own view of a case: the summary, who raised it, the concern and the reporter's latest replies. */
export interface GuardianView extends CaseSummary {
  /** "Anonymous" for anonymous cases; the name for open and confidential ones. */
  readonly reporterLabel: string;
  readonly concern: string;
  /** The reporter's latest replies, oldest first (at most `LATEST_REPLIES`). */
  readonly replies: readonly { readonly at: string; readonly text: string }[];
}

/** How many of the reporter's replies a guardian's view repeats: enough to catch up, small enough for a card. */
export const LATEST_REPLIES = 3;

/** Teams takes at most 60 ids in `refresh.userIds`; everyone else uses the card's "Open case" button. */
export const MAX_REFRESH_USERS = 60;

const OPEN_CASE = 'Open case (guardians)';

/**
 * Universal Actions `refresh`: the listed guardians' clients ask the bot for their own view whenever they show the
 * card, and are answered with the full card; the message itself never changes. Everyone else sees the message.
 */
function userSpecific(s: CaseSummary): Record<string, unknown> {
  return { refresh: { action: executeAction('Open case', SPEAK_UP_VERBS.view, { case: s.case.ref }), userIds: s.viewers.slice(0, MAX_REFRESH_USERS) } };
}

function ageOf(s: CaseSummary): string {
  const days = Math.floor((s.now.getTime() - new Date(s.case.raisedAt).getTime()) / DAY_MS);
  return `${describeTime(s.case.raisedAt, s.timeZone)} (${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`})`;
}

/** The head of every case card: the reference, an overdue banner, and the facts any channel member may see. */
function caseHead(s: CaseSummary, guardianFacts: { title: string; value: string }[]): unknown[] {
  const c = s.case;
  const facts = [
    { title: 'Reference', value: c.ref },
    ...guardianFacts,
    { title: 'About', value: c.categories.map((x) => CATEGORY_LABELS[x]).join('; ') },
    { title: 'Status', value: STATUS_LABELS[c.status] },
    { title: 'Raised', value: ageOf(s) },
    { title: 'Assigned to', value: c.assignee?.name ?? 'Nobody yet' },
    ...(c.status === 'new' ? [{ title: 'Acknowledge by', value: `${describeTime(c.ackDueAt, s.timeZone)}${c.overdue ? ': OVERDUE' : ''}` }] : []),
  ];
  const head: unknown[] = [heading(`Speak-up case ${c.ref}`)];
  if (c.overdue && c.status === 'new') head.push(para('Overdue: not acknowledged in time.', { color: 'Attention', weight: 'Bolder' }));
  head.push({ type: 'FactSet', facts });
  return head;
}

/**
 * The case card as posted in the guardians' channel and updated in place: what every member of the channel may see
 * (reference, categories, status, age, assignee, overdue), never the concern, who raised it, or the actions. Guardians
 * get their own view through `refresh`, or from the "Open case (guardians)" button where refresh does not happen
 * (the Agents Playground, older clients, and guardians past the 60 that refresh can list).
 */
export function caseStubCard(s: CaseSummary): CardJson {
  return card(
    [...caseHead(s, []), para('The concern, who raised it and the actions are shown to Freedom to Speak Up guardians only, each in their own view of this card.', { isSubtle: true, size: 'Small' })],
    [executeAction(OPEN_CASE, SPEAK_UP_VERBS.view, { case: s.case.ref })],
    userSpecific(s),
  );
}

/**
 * A guardian's own view of a case, with every guardian action: only ever an answer to that guardian (a refresh or a
 * click), never a message in the channel.
 */
export function guardianCaseCard(view: GuardianView): CardJson {
  const c = view.case;
  const body = caseHead(view, [
    { title: 'How', value: MODE_LABELS[c.mode].title },
    { title: 'Reporter', value: view.reporterLabel },
    ...(c.workerGroup ? [{ title: 'Staff group', value: c.workerGroup }] : []),
  ]);
  body.push(para('The concern', { weight: 'Bolder', spacing: 'Medium' }), inert(view.concern));
  if (view.replies.length > 0) {
    body.push(para(view.replies.length === 1 ? "The reporter's latest reply" : `The reporter's latest ${view.replies.length} replies`, { weight: 'Bolder', spacing: 'Medium' }));
    for (const r of view.replies) body.push(para(describeTime(r.at, view.timeZone), { isSubtle: true, size: 'Small', spacing: 'Small' }), inert(r.text));
  }
  if (c.status === 'closed') return card(body, [], userSpecific(view));
  const ref = { case: c.ref };
  // Each form's input has its own id: ids must be unique across a card, ShowCards included.
  const form = (title: string, verb: string, label: string, button: string) => ({
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: textFieldOf(verb), label, isMultiline: true, isRequired: true, maxLength: MAX_MESSAGE, errorMessage: 'Write something first.' }], actions: [executeAction(button, verb, ref)] },
  });
  const next = STATUSES.filter((s) => canMoveTo(c.status, s));
  // Five buttons at most (the Adaptive Cards host default): status and closing share one form.
  const statusForm = {
    type: 'Action.ShowCard',
    title: 'Status',
    card: {
      type: 'AdaptiveCard',
      body: [
        ...(next.length > 0 ? [{ type: 'Input.ChoiceSet', id: 'status', label: 'New status', style: 'expanded', value: next[0], choices: next.map((s) => ({ title: STATUS_LABELS[s], value: s })) }] : []),
        { type: 'Input.Text', id: textFieldOf(SPEAK_UP_VERBS.close), label: 'To close: the outcome summary (sent to the reporter)', isMultiline: true, maxLength: MAX_MESSAGE },
      ],
      actions: [...(next.length > 0 ? [executeAction('Set status', SPEAK_UP_VERBS.status, ref)] : []), executeAction('Close case', SPEAK_UP_VERBS.close, ref, 'destructive')],
    },
  };
  return card(body, [
    executeAction(c.assignee ? 'Take over' : 'Claim', SPEAK_UP_VERBS.claim, ref),
    form('Reply', SPEAK_UP_VERBS.reply, 'Reply to the reporter (they see this in their chat)', 'Send reply'),
    form('Ask', SPEAK_UP_VERBS.ask, 'Ask the reporter a question', 'Send question'),
    form('Note', SPEAK_UP_VERBS.note, 'Internal note (guardians only; never sent to the reporter)', 'Add note'),
    statusForm,
  ], userSpecific(view));
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
      para(`About your case ${ref}${kind === 'question' ? ': they have a question' : ''}`, { isSubtle: true, spacing: 'None' }),
      inert(text),
      { type: 'Input.Text', id: 'text', label: 'Your reply (only the guardians see it)', isMultiline: true, maxLength: MAX_MESSAGE },
    ],
    [executeAction('Send reply', SPEAK_UP_VERBS.reporterReply, { case: ref }, 'positive')],
  );
}

/** `my cases`: the reporter's open cases, each with a reply box. */
export function myCasesCard(cases: readonly Case[], timeZone: string): CardJson {
  if (cases.length === 0) return card([heading('You have no open speak-up cases'), para('Type "speak up" to raise a concern with a Freedom to Speak Up guardian.')]);
  return card([
    heading('Your speak-up cases'),
    ...cases.map((c) => ({
      type: 'Container',
      separator: true,
      items: [
        para(`${c.ref}: ${STATUS_LABELS[c.status]}`, { weight: 'Bolder' }),
        para(`Raised ${describeTime(c.raisedAt, timeZone)}`, { isSubtle: true, spacing: 'None' }),
        { type: 'Input.Text', id: `text-${c.ref}`, label: 'Send the guardians a message', isMultiline: true, maxLength: MAX_MESSAGE },
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
      { type: 'Input.ChoiceSet', id: 'answer', label: 'Given your experience, would you speak up again?', style: 'expanded', choices: FEEDBACK_ANSWERS.map((a) => ({ title: FEEDBACK_LABELS[a], value: a })) },
      { type: 'Input.Text', id: 'comment', label: 'Anything you would like to add? (optional)', isMultiline: true, maxLength: 1000 },
    ],
    [executeAction('Send feedback', SPEAK_UP_VERBS.feedback, { case: ref }, 'positive')],
  );
}

/** The check-in some time after closing: has speaking up cost them anything? */
export function checkInCard(ref: string): CardJson {
  return card(
    [
      heading('A check-in from Freedom to Speak Up'),
      para(`Some time ago you spoke up (case ${ref}). Since then, have you been treated badly, or disadvantaged, because you spoke up?`),
      { type: 'Input.ChoiceSet', id: 'answer', label: 'Have you experienced detriment for speaking up?', style: 'expanded', isRequired: true, errorMessage: 'Choose yes or no.', choices: [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }] },
    ],
    [executeAction('Send', SPEAK_UP_VERBS.checkIn, { case: ref })],
  );
}

/** A short note to the reporter or a guardian. */
export function speakUpNote(title: string, detail: string, attention = false): CardJson {
  return card([para(title, { weight: 'Bolder', ...(attention ? { color: 'Attention' } : {}) }), para(detail)]);
}

export const categoryLabels = (cs: readonly Category[]) => cs.map((c) => CATEGORY_LABELS[c]).join('; ');
