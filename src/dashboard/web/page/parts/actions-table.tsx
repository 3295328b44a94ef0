import { Badge, Body1 } from '@fluentui/react-components';
import type { ActionItem } from '../contract';
import { formatDate } from '../format';
import { DataTable } from './data-table';

const COLOURS: Readonly<Record<string, 'success' | 'informative' | 'warning' | 'subtle'>> = {
  done: 'success',
  'in progress': 'informative',
  'in-progress': 'informative',
  planned: 'subtle',
  overdue: 'warning',
};

/** "You said, we did": each action with its status, when it is due, and the team it is for. */
export function ActionsTable({
  actions,
  caption,
}: {
  readonly actions: readonly ActionItem[];
  readonly caption: string;
}) {
  if (actions.length === 0)
    return (
      <Body1 as="p" block>
        No actions have been recorded against this survey yet.
      </Body1>
    );
  const withTeams = actions.some((a) => a.team);
  return (
    <DataTable
      caption={caption}
      corner="Action"
      numeric={false}
      columns={['Status', 'Due', ...(withTeams ? ['Team'] : [])]}
      rows={actions.map((a) => ({
        key: a.id,
        header: a.title,
        cells: [
          <Badge key="status" appearance="tint" color={COLOURS[a.status.toLowerCase()] ?? 'informative'}>
            {a.status}
          </Badge>,
          a.due ? formatDate(a.due) : 'No date',
          ...(withTeams ? [a.team ?? 'Whole organisation'] : []),
        ],
      }))}
    />
  );
}
