import { card, type CardJson, commandAction, executeAction, expandCard } from '../platform/cards';
import { teamLabel, type LeadShown, type TeamLeadsDetail, type TeamLeadsView } from './team-leads';

/** Card action verbs of the team-lead cards, shared by the cards and the routes. */
export const LEAD_VERBS = {
  teams: 'leads.teams',
  team: 'leads.team',
  name: 'leads.name',
  remove: 'leads.remove',
  owners: 'leads.owners',
} as const;

// Teams with leads listed on the roles card and the team-leads card: both must stay under Teams' card size limit.
export const LISTED_TEAMS = 40;
// Teams offered in the team-leads card's picker (typing filters it in Teams).
export const TEAM_CHOICES = 150;

type Status = { text: string; ok: boolean };

/** A button that reads none of the card's inputs, so a required input elsewhere on the card does not hold it up. */
const plainAction = (title: string, verb: string, data: Record<string, unknown> = {}, style?: 'destructive') => ({
  ...executeAction(title, verb, data, style),
  associatedInputs: 'none',
});

const HEADING = { type: 'TextBlock', text: 'Team leads', weight: 'Bolder', wrap: true, spacing: 'Medium' };
const TITLE = { type: 'TextBlock', text: '${title}', weight: 'Bolder', size: 'Medium', wrap: true };
const STATUS = {
  type: 'TextBlock',
  $when: "${status != ''}",
  text: '${status}',
  wrap: true,
  color: '${statusColor}',
  weight: 'Bolder',
};
const LISTING = [
  {
    type: 'TextBlock',
    text: "A team's leads see that team's results. Executives and admins see every team's.",
    wrap: true,
    isSubtle: true,
  },
  {
    type: 'FactSet',
    $when: '${count(teams) > 0}',
    facts: [{ $data: '${teams}', title: '${team}', value: '${leads}' }],
  },
  { type: 'TextBlock', $when: "${more != ''}", text: '${more}', wrap: true, isSubtle: true },
];

const statusData = (status?: Status) => ({
  status: status?.text ?? '',
  statusColor: status?.ok === false ? 'Attention' : 'Good',
});

const leadNames = (leads: readonly LeadShown[]) =>
  leads.map((l) => `${l.name ?? l.aadObjectId}${l.left ? ' (left the team: sees nothing of it)' : ''}`).join(', ');

const teamTitle = (t: TeamLeadsView) => `${teamLabel(t.name)}${t.installed ? '' : ' (Staff Voice removed)'}`;

/** The listing's data: teams with leads by name, then how many have none. */
function listingData(teams: readonly TeamLeadsView[]) {
  const led = teams.filter((t) => t.leads.length > 0);
  const unled = teams.length - led.length;
  const notes = [
    led.length > LISTED_TEAMS ? `…and ${led.length - LISTED_TEAMS} more teams with leads.` : '',
    unled > 0 ? `${unled} ${unled === 1 ? 'team has' : 'teams have'} no lead yet.` : '',
    teams.length === 0 ? "Staff Voice is in no team yet: add it to a team, then name the team's leads here." : '',
  ];
  return {
    teams: led.slice(0, LISTED_TEAMS).map((t) => ({ team: teamTitle(t), leads: leadNames(t.leads) })),
    more: notes.filter(Boolean).join(' '),
    hasTeams: teams.length > 0,
  };
}

const SECTION_TEMPLATE = card([
  HEADING,
  ...LISTING,
  {
    type: 'ActionSet',
    $when: '${hasTeams}',
    actions: [plainAction('Name or remove team leads', LEAD_VERBS.teams)],
  },
]);

/** The roles card's team-leads section: who leads which team, and a button to the team-leads card. */
export function teamLeadsSection(teams: readonly TeamLeadsView[]): unknown[] {
  return expandCard(SECTION_TEMPLATE, listingData(teams)).body as unknown[];
}

const TEAMS_TEMPLATE = card([
  TITLE,
  STATUS,
  LISTING[0],
  { type: 'TextBlock', text: '${summary}', wrap: true },
  {
    type: 'Input.ChoiceSet',
    $when: '${count(choices) > 0}',
    id: 'team',
    label: 'Team',
    isRequired: '${!more}',
    errorMessage: 'Choose a team.',
    style: 'filtered',
    placeholder: 'Choose a team',
    choices: [{ $data: '${choices}', title: '${title}', value: '${teamId}' }],
  },
  { type: 'TextBlock', $when: '${more}', text: '${moreText}', wrap: true, isSubtle: true, size: 'Small' },
  { type: 'Input.Text', $when: '${more}', id: 'find', label: 'Or part of its name', maxLength: 100 },
]);

/**
 * A choice of team to name or remove leads in (admins, in 1:1 chat): the teams given, by name. Where there are more
 * than the list holds, part of a team's name finds it.
 */
export function teamLeadsCard(teams: readonly TeamLeadsView[], status?: Status): CardJson {
  const led = teams.filter((t) => t.leads.length > 0).length;
  const choices = teams.slice(0, TEAM_CHOICES).map((t) => ({ title: teamTitle(t), teamId: t.teamId }));
  const expanded = expandCard(TEAMS_TEMPLATE, {
    title: 'Team leads',
    ...statusData(status),
    summary:
      teams.length === 0
        ? "Staff Voice is in no team yet: add it to a team, then name the team's leads here."
        : `${teams.length} ${teams.length === 1 ? 'team' : 'teams'} here; ${led} with leads. Choose one to name or remove its leads.`,
    choices,
    more: teams.length > TEAM_CHOICES,
    moreText: `The list shows the first ${TEAM_CHOICES} of ${teams.length} teams, by name. For another, type part of its name.`,
  });
  const open = teams.length > 0 ? [executeAction('Open team', LEAD_VERBS.team)] : [];
  return card(expanded.body as unknown[], [...open, commandAction('Back to roles', 'roles')]);
}

const TEAM_TEMPLATE = card(
  [
    TITLE,
    STATUS,
    { type: 'TextBlock', $when: '${!installed}', text: '${removedText}', wrap: true, color: 'Attention' },
    { type: 'TextBlock', text: 'Leads', weight: 'Bolder', wrap: true, spacing: 'Medium' },
    { type: 'TextBlock', $when: '${count(leads) == 0}', text: 'No lead yet.', wrap: true, isSubtle: true },
    {
      type: 'ColumnSet',
      $data: '${leads}',
      columns: [
        { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: '${label}', wrap: true }] },
        {
          type: 'Column',
          width: 'auto',
          items: [
            {
              type: 'ActionSet',
              actions: [
                plainAction(
                  'Remove',
                  LEAD_VERBS.remove,
                  { team: '${$root.teamId}', person: '${aadObjectId}' },
                  'destructive',
                ),
              ],
            },
          ],
        },
      ],
    },
  ],
  [plainAction('All teams', LEAD_VERBS.teams), commandAction('Back to roles', 'roles')],
);

const NAME_TEMPLATE = card([
  { type: 'TextBlock', text: 'Name a lead', weight: 'Bolder', wrap: true, spacing: 'Medium' },
  { type: 'TextBlock', $when: '${!listed}', text: '${unlistedText}', wrap: true, color: 'Attention' },
  {
    type: 'Input.ChoiceSet',
    $when: '${listed}',
    id: 'person',
    label: '${pickerLabel}',
    isRequired: '${!more}',
    errorMessage: 'Choose a member of the team.',
    style: 'filtered',
    placeholder: 'Choose a member',
    choices: [{ $data: '${members}', title: '${name}', value: '${aadObjectId}' }],
  },
  { type: 'TextBlock', $when: '${more}', text: '${moreText}', wrap: true, isSubtle: true, size: 'Small' },
  { type: 'Input.Text', $when: '${more}', id: 'email', label: 'Or their email address', style: 'Email' },
  {
    type: 'ActionSet',
    $when: '${listed}',
    actions: [executeAction('Name as lead', LEAD_VERBS.name, { team: '${teamId}' }, 'positive')],
  },
  { type: 'TextBlock', $when: '${listed}', text: '${ownersText}', wrap: true, isSubtle: true, spacing: 'Medium' },
  {
    type: 'ActionSet',
    $when: '${newOwners > 0}',
    actions: [plainAction('Take the owners as leads', LEAD_VERBS.owners, { team: '${teamId}' })],
  },
]);

/** The card where an admin names and removes one team's leads, or takes its owners as leads where Teams names them. */
export function teamLeadCard(detail: TeamLeadsDetail, status?: Status): CardJson {
  const team = teamLabel(detail.name);
  const expanded = expandCard(TEAM_TEMPLATE, {
    title: `Team leads: ${team}`,
    ...statusData(status),
    teamId: detail.teamId,
    installed: detail.installed,
    removedText:
      'Staff Voice was removed from this team, so its leads see nothing of it until Staff Voice is added back. You can still remove them.',
    leads: detail.leads.map((l) => ({
      aadObjectId: l.aadObjectId,
      label: `${l.name ?? l.aadObjectId}${l.left ? ': left the team, so sees nothing of it (name them again if they come back)' : ''}`,
    })),
  });
  if (detail.installed) (expanded.body as unknown[]).push(...nameSection(detail, team));
  return expanded;
}

/** Choosing a member to name, and the team's owners in one step where Teams says who they are. */
function nameSection(detail: TeamLeadsDetail, team: string): unknown[] {
  const current = new Set(detail.leads.filter((l) => !l.left).map((l) => l.aadObjectId));
  const newOwners = detail.owners.filter((o) => !current.has(o.aadObjectId)).length;
  const ownerNames = detail.owners.map((o) => o.name ?? o.aadObjectId).join(', ');
  const ownersText =
    detail.owners.length === 0
      ? 'Teams does not say who owns this team, so its owners cannot be taken as leads in one step: choose each lead above.'
      : newOwners === 0
        ? `Teams lists ${ownerNames} as the team's owners, and they already lead it.`
        : `Teams lists ${ownerNames} as the team's owners.`;
  return expandCard(NAME_TEMPLATE, {
    teamId: detail.teamId,
    listed: detail.rosterListed,
    unlistedText: "Teams did not list the team's members just now: please try again in a minute.",
    pickerLabel: `A member of ${team}`,
    members: detail.members.map((m) => ({ aadObjectId: m.aadObjectId, name: m.name ?? m.aadObjectId })),
    more: detail.more,
    moreText: `The list shows ${detail.members.length} of the team's members, by name. For anyone else in the team, type their email address.`,
    ownersText,
    newOwners,
  }).body as unknown[];
}
