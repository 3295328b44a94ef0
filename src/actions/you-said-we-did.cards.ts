import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import { describeMonth, STATUS_LABELS, type Action } from './action';
import { FEEDBACK_CHOICES, FEEDBACK_LABELS } from './feedback';

/** Card action verbs on staff's "You said, we did" card, shared by the card and the route. */
export const STAFF_ACTION_VERBS = { feedback: 'actions.feedback' } as const;

// What staff and leadership channels see of actions: the day's bundled message and the digest's section. Leaders'
// own cards (the list, the form) are in actions.cards.ts.

/** One action in a day's "You said, we did" message: newly published, or now done. */
export interface BundleItem {
  readonly action: Action;
  readonly event: 'published' | 'done';
  /** Staff cards only: where "Has this made a difference?" stands for the reader (absent: not asked, e.g. leaders). */
  readonly feedback?: 'ask' | 'answered' | 'closed';
}

/** A line at the top of a card given back after a click: what happened. */
export interface CardNotice {
  readonly text: string;
  readonly ok: boolean;
}

/**
 * The "You said, we did" message: every action published or done for the person that day, in one card. It goes to
 * everyone who was asked in the wave, so it says nothing about who answered.
 */
export function youSaidWeDidCard(items: readonly BundleItem[], notice?: CardNotice, asked?: string): CardJson {
  const refs = items.map((i) => `${i.action.surveyId}.${i.action.id}.${i.event === 'done' ? 'd' : 'p'}`).join(',');
  // `asked`: the person's proofs that the actions' waves were sent to them (asked-proofs.ts), carried by the buttons.
  const carried = { refs, ...(asked !== undefined ? { asked } : {}) };
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: 'You said, we did',
      weight: 'Bolder',
      size: 'Large',
      wrap: true,
      style: 'heading',
    },
    {
      type: 'TextBlock',
      text: 'What leaders are doing about what staff told them in recent pulse surveys. Thank you to everyone who took part.',
      wrap: true,
      isSubtle: true,
    },
  ];
  if (notice)
    body.push({
      type: 'TextBlock',
      text: notice.text,
      wrap: true,
      weight: 'Bolder',
      color: notice.ok ? 'Good' : 'Attention',
    });
  for (const item of items) body.push(bundleItem(item, carried));
  if (items.some((i) => i.feedback === 'ask')) {
    body.push({
      type: 'TextBlock',
      text: 'Your answer to "Has this made a difference?" is anonymous: nobody can see who gave it, and leaders see only totals, once enough people have answered.',
      wrap: true,
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    });
  }
  return card(body, [commandAction('Help', 'help')]);
}

/** One action in the message: what was heard and planned (or that it is done), and the question for staff. */
function bundleItem(
  { action: a, event, feedback }: BundleItem,
  carried: { refs: string; asked?: string },
): Record<string, unknown> {
  const parts: unknown[] = [
    {
      type: 'TextBlock',
      // A team's action says whose it is: the reader was asked through that team.
      text: `${a.team ? `${a.team.name}: ` : ''}${a.surveyName}, wave ${a.waveNumber}`,
      isSubtle: true,
      wrap: true,
    },
  ];
  if (event === 'done') {
    parts.push(
      {
        type: 'TextBlock',
        text: `Done: ${a.plan}`,
        weight: 'Bolder',
        wrap: true,
        color: 'Good',
      },
      {
        type: 'TextBlock',
        text: `You told us: ${a.heard}`,
        wrap: true,
        spacing: 'Small',
      },
    );
  } else {
    parts.push({
      type: 'FactSet',
      facts: [
        { title: 'You said', value: a.heard },
        { title: 'We will', value: a.plan },
        { title: 'Who', value: a.owner },
        { title: 'By', value: describeMonth(a.targetMonth) },
        { title: 'Status', value: STATUS_LABELS[a.status] },
      ],
    });
  }
  if (feedback) parts.push(...feedbackQuestion(a, feedback, carried));
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: parts,
  };
}

/** "Has this made a difference?" under one action: three buttons, or where the reader's answer stands. */
function feedbackQuestion(
  a: Action,
  state: 'ask' | 'answered' | 'closed',
  { refs, asked }: { refs: string; asked?: string },
): unknown[] {
  if (state === 'answered')
    return [
      {
        type: 'TextBlock',
        text: 'You told us whether this has made a difference. Thank you.',
        wrap: true,
        isSubtle: true,
        size: 'Small',
      },
    ];
  if (state === 'closed')
    return [
      {
        type: 'TextBlock',
        text: 'Answers to "Has this made a difference?" have closed for this action.',
        wrap: true,
        isSubtle: true,
        size: 'Small',
      },
    ];
  return [
    { type: 'TextBlock', text: 'Has this made a difference?', wrap: true, weight: 'Bolder', spacing: 'Small' },
    {
      type: 'ActionSet',
      actions: FEEDBACK_CHOICES.map((choice) =>
        executeAction(FEEDBACK_LABELS[choice], STAFF_ACTION_VERBS.feedback, {
          survey: a.surveyId,
          id: a.id,
          choice,
          items: refs,
          ...(asked !== undefined ? { asked } : {}),
        }),
      ),
    },
  ];
}

/** The digest's section: open actions due this month or overdue, by target month. Nothing when there are none. */
export function dueActionsSection(due: readonly Action[], thisMonth: string): Record<string, unknown> | undefined {
  if (due.length === 0) return undefined;
  return {
    type: 'Container',
    separator: true,
    spacing: 'Large',
    items: [
      {
        type: 'TextBlock',
        text: 'Actions due or overdue',
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: due.map((a) => ({
          title: `${a.targetMonth < thisMonth ? 'Overdue' : 'Due'} (${describeMonth(a.targetMonth)})`,
          value: `${a.plan} (${a.owner}; ${STATUS_LABELS[a.status].toLowerCase()}; ${a.team ? `${a.team.name}, ` : ''}${a.surveyName})`,
        })),
      },
      {
        type: 'TextBlock',
        text: 'Type "actions" in your 1:1 chat with Staff Voice to update them.',
        wrap: true,
        isSubtle: true,
        size: 'Small',
      },
    ],
  };
}
