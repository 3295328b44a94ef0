import { card, type CardJson, commandAction } from '../platform/cards';
import { describeMonth, STATUS_LABELS, type Action } from './action';

// What staff and leadership channels see of actions: the day's bundled message and the digest's section. Leaders'
// own cards (the list, the form) are in actions.cards.ts.

/** One action in a day's "You said, we did" message: newly published, or now done. */
export interface BundleItem {
  readonly action: Action;
  readonly event: 'published' | 'done';
}

/**
 * The "You said, we did" message: every action published or done for the person that day, in one card. It goes to
 * everyone who was asked in the wave, so it says nothing about who answered.
 */
export function youSaidWeDidCard(items: readonly BundleItem[]): CardJson {
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
  for (const { action: a, event } of items) {
    const items2: unknown[] = [
      {
        type: 'TextBlock',
        text: `${a.surveyName}, wave ${a.waveNumber}`,
        isSubtle: true,
        wrap: true,
      },
    ];
    if (event === 'done') {
      items2.push(
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
      items2.push({
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
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: items2,
    });
  }
  return card(body, [commandAction('Help', 'help')]);
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
          value: `${a.plan} (${a.owner}; ${STATUS_LABELS[a.status].toLowerCase()}; ${a.surveyName})`,
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
