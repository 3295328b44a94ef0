import { DAY_MS } from '../platform/calendar/durations';
import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, executeAction } from '../platform/cards';
import { canMoveTo, CATEGORY_LABELS, MAX_MESSAGE, MODE_LABELS, STATUSES, STATUS_LABELS, type Case } from './case';
import { inert, SPEAK_UP_VERBS, textFieldOf } from './speak-up.cards';

// The case card in the guardians' channel: what every member sees (the stub) and each guardian's own view of it.

const heading = (text: string) => ({ type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true });
const para = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

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
  return {
    refresh: {
      action: executeAction('Open case', SPEAK_UP_VERBS.view, { case: s.case.ref }),
      userIds: s.viewers.slice(0, MAX_REFRESH_USERS),
    },
  };
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
    ...(c.status === 'new'
      ? [{ title: 'Acknowledge by', value: `${describeTime(c.ackDueAt, s.timeZone)}${c.overdue ? ': OVERDUE' : ''}` }]
      : []),
  ];
  const head: unknown[] = [heading(`Speak-up case ${c.ref}`)];
  if (c.overdue && c.status === 'new')
    head.push(para('Overdue: not acknowledged in time.', { color: 'Attention', weight: 'Bolder' }));
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
    [
      ...caseHead(s, []),
      para(
        'The concern, who raised it and the actions are shown to Freedom to Speak Up guardians only, each in their own view of this card.',
        { isSubtle: true, size: 'Small' },
      ),
    ],
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
    body.push(
      para(
        view.replies.length === 1
          ? "The reporter's latest reply"
          : `The reporter's latest ${view.replies.length} replies`,
        { weight: 'Bolder', spacing: 'Medium' },
      ),
    );
    for (const r of view.replies)
      body.push(
        para(describeTime(r.at, view.timeZone), { isSubtle: true, size: 'Small', spacing: 'Small' }),
        inert(r.text),
      );
  }
  if (c.status === 'closed') return card(body, [], userSpecific(view));
  const ref = { case: c.ref };
  return card(
    body,
    [
      executeAction(c.assignee ? 'Take over' : 'Claim', SPEAK_UP_VERBS.claim, ref),
      textForm(ref, 'Reply', SPEAK_UP_VERBS.reply, 'Reply to the reporter (they see this in their chat)', 'Send reply'),
      textForm(ref, 'Ask', SPEAK_UP_VERBS.ask, 'Ask the reporter a question', 'Send question'),
      textForm(
        ref,
        'Note',
        SPEAK_UP_VERBS.note,
        'Internal note (guardians only; never sent to the reporter)',
        'Add note',
      ),
      statusForm(c, ref),
    ],
    userSpecific(view),
  );
}

/** A guardian's text action as a form under a button. Each form's input has its own id: ids must be unique across a card, ShowCards included. */
function textForm(ref: { case: string }, title: string, verb: string, label: string, button: string) {
  const input = {
    type: 'Input.Text',
    id: textFieldOf(verb),
    label,
    isMultiline: true,
    isRequired: true,
    maxLength: MAX_MESSAGE,
    errorMessage: 'Write something first.',
  };
  return {
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body: [input], actions: [executeAction(button, verb, ref)] },
  };
}

/** Status and closing share one form: five buttons at most (the Adaptive Cards host default). */
function statusForm(c: Case, ref: { case: string }) {
  const next = STATUSES.filter((s) => canMoveTo(c.status, s));
  const choice = {
    type: 'Input.ChoiceSet',
    id: 'status',
    label: 'New status',
    style: 'expanded',
    value: next[0],
    choices: next.map((s) => ({ title: STATUS_LABELS[s], value: s })),
  };
  const outcome = {
    type: 'Input.Text',
    id: textFieldOf(SPEAK_UP_VERBS.close),
    label: 'To close: the outcome summary (sent to the reporter)',
    isMultiline: true,
    maxLength: MAX_MESSAGE,
  };
  const setStatus = next.length > 0 ? [executeAction('Set status', SPEAK_UP_VERBS.status, ref)] : [];
  return {
    type: 'Action.ShowCard',
    title: 'Status',
    card: {
      type: 'AdaptiveCard',
      body: [...(next.length > 0 ? [choice] : []), outcome],
      actions: [...setStatus, executeAction('Close case', SPEAK_UP_VERBS.close, ref, 'destructive')],
    },
  };
}
