import { DAY_MS } from '../platform/calendar/durations';
import type { CardJson } from '../platform/cards';
import { canMoveTo, STATUS_LABELS, STATUSES, type Case, type CaseStatus } from './case';
import type { MessageKind } from './case-message.store';
import { outcomeCard, relayCard } from './speak-up.cards';

/** The actions on a guardian's view of a case card, each a button with its own verb. */
export const GUARDIAN_ACTIONS = ['claim', 'reply', 'ask', 'note', 'status', 'close'] as const;
/** One of the guardian actions. */
export type GuardianAction = (typeof GUARDIAN_ACTIONS)[number];

/** What a handler is given: the case as read, who acts, when, the text they wrote (if the action takes one). */
export interface ActionInput {
  readonly c: Case;
  readonly actor: string;
  readonly name: string;
  readonly now: string;
  readonly text?: string;
  readonly payload: Record<string, unknown>;
  readonly checkInDays: number;
}

/** What an action does: the change to the case, the thread line, the message kept, and what the reporter is sent. */
export type ActionEffect =
  | {
      kind: 'effect';
      patch: Partial<Case>;
      thread: { title: string; text?: string };
      message: MessageKind;
      toReporter?: { key: string; card: CardJson };
      auditDetail?: string;
    }
  | { kind: 'refused'; detail: string; message: string };

/** One guardian action: whether it takes a text, and what it does to the case. */
export interface GuardianActionHandler {
  readonly takesText: boolean;
  apply(input: ActionInput): ActionEffect;
}

/** Replying and asking both acknowledge a new case and relay the text to the reporter, from their own card. */
function relayed(action: 'reply' | 'ask'): GuardianActionHandler {
  const kind = action === 'ask' ? 'question' : 'reply';
  return {
    takesText: true,
    apply: ({ c, name, now, text }) => ({
      kind: 'effect',
      patch: c.status === 'new' ? { status: 'acknowledged', acknowledgedAt: now } : {},
      thread: { title: `${name} ${action === 'ask' ? 'asked the reporter' : 'replied to the reporter'}:`, text },
      message: kind,
      toReporter: { key: `${action}-${Date.parse(now)}`, card: relayCard(c.ref, kind, text!) },
    }),
  };
}

/** Every guardian action by name: the one place that says what each does. */
export const GUARDIAN_ACTION_HANDLERS: Readonly<Record<GuardianAction, GuardianActionHandler>> = {
  claim: {
    takesText: false,
    apply: ({ actor, name }) => ({
      kind: 'effect',
      patch: { assignee: { aadObjectId: actor, name } },
      thread: { title: `${name} took this case.` },
      message: 'status',
    }),
  },
  status: {
    takesText: false,
    apply: ({ c, name, now, payload }) => {
      const to = payload.status as CaseStatus;
      if (!(STATUSES as readonly string[]).includes(String(to)) || !canMoveTo(c.status, to)) {
        return {
          kind: 'refused',
          detail: `status ${String(to).slice(0, 20)} not allowed`,
          message: `A ${STATUS_LABELS[c.status].toLowerCase()} case cannot move to that status.`,
        };
      }
      return {
        kind: 'effect',
        patch: { status: to, ...(c.acknowledgedAt ? {} : { acknowledgedAt: now }) },
        thread: { title: `${name} set the status to ${STATUS_LABELS[to]}.` },
        message: 'status',
        auditDetail: String(payload.status),
      };
    },
  },
  reply: relayed('reply'),
  ask: relayed('ask'),
  note: {
    takesText: true,
    apply: ({ name, text }) => ({
      kind: 'effect',
      patch: {},
      thread: { title: `Internal note from ${name} (not sent to the reporter):`, text },
      message: 'note',
    }),
  },
  close: {
    takesText: true,
    apply: ({ c, name, now, text, checkInDays }) => ({
      kind: 'effect',
      patch: {
        status: 'closed',
        closedAt: now,
        checkInSent: false,
        checkInDueAt: new Date(Date.parse(now) + checkInDays * DAY_MS).toISOString(),
      },
      thread: { title: `${name} closed the case. Outcome sent to the reporter:`, text },
      message: 'outcome',
      toReporter: { key: `outcome-${Date.parse(now)}`, card: outcomeCard(c.ref, text!) },
    }),
  },
};
