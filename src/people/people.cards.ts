import { card, type CardJson, commandAction, executeAction, expandCard } from '../platform/cards';
import { teamLeadsSection } from './lead.cards';
import {
  PURPOSE_LABELS,
  ROLE_LABELS,
  ROLES,
  type ChannelPurpose,
  type ChannelType,
  type Role,
  type RoleHolder,
} from './roles';
import type { TeamLeadsView } from './team-leads';

/** Card action verbs, shared by the cards that carry them and the routes that handle them. */
export const ROLE_VERBS = { grant: 'roles.grant', revoke: 'roles.revoke' } as const;

interface Command {
  command: string;
  what: string;
}

const EVERYONE: Command[] = [
  { command: 'surveys', what: 'See the pulse surveys open for you (in your chat with me).' },
  {
    command: 'speak up',
    what: 'Raise a concern with a Freedom to Speak Up guardian: openly, confidentially or anonymously.',
  },
  { command: 'my cases', what: 'Your open speak-up cases, with a box to message the guardians.' },
  { command: 'help', what: 'Show what you can do here.' },
];
const GUARDIANS: Command[] = [
  {
    command: 'ngo return [quarter]',
    what: 'The National Guardian\'s Office quarterly figures, with a CSV (e.g. "ngo return 2026/27 Q3").',
  },
  {
    command: 'Case cards',
    what: "In the guardians' channel: claim, reply, ask, add notes, set status and close, on each case's card.",
  },
];
const READERS: Command[] = [
  {
    command: 'results [survey]',
    what: 'Results of the latest closed wave of each survey (or the one named), in your chat with me.',
  },
  {
    command: 'export [survey or wave]',
    what: 'Download links for those results as CSV, and the NQPS return for an engagement survey.',
  },
];
const ADMIN: Command[] = [
  {
    command: 'surveys',
    what: 'Create surveys from NHS templates, preview, launch, pause and close them, and watch their progress.',
  },
  {
    command: 'roles',
    what: 'Grant or revoke the admin, guardian and executive roles, and name the leads of each team (in your chat with me).',
  },
  {
    command: '@Staff Voice digest here',
    what: 'In a leadership channel: send the weekly digest there. "digest stop" undoes it.',
  },
  {
    command: '@Staff Voice guardians here',
    what: 'In the guardians\' channel: send speak-up cases there. "guardians stop" undoes it.',
  },
];

const HELP_TEMPLATE = card(
  [
    { type: 'TextBlock', text: 'What you can do with Staff Voice', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: '${rolesLine}', wrap: true, isSubtle: true },
    {
      type: 'Container',
      $data: '${sections}',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: '${title}', weight: 'Bolder', wrap: true },
        { type: 'FactSet', facts: [{ $data: '${commands}', title: '${command}', value: '${what}' }] },
      ],
    },
  ],
  [],
);

/** What the caller can do, by the roles they hold. Lists only what is built: no dead commands. */
export function helpCard(roles: ReadonlySet<Role>): CardJson {
  const sections = [{ title: 'For everyone', commands: EVERYONE }];
  if (roles.has('guardian')) sections.push({ title: 'For Freedom to Speak Up guardians', commands: GUARDIANS });
  if (roles.has('executive') || roles.has('admin'))
    sections.push({ title: 'Results (executives and admins)', commands: READERS });
  if (roles.has('admin')) sections.push({ title: 'For survey admins', commands: ADMIN });
  const held = ROLES.filter((r) => roles.has(r)).map((r) => ROLE_LABELS[r]);
  const rolesLine =
    held.length > 0 ? `Your roles: ${held.join(', ')}.` : 'You are using Staff Voice as a member of staff.';
  const expanded = expandCard(HELP_TEMPLATE, { rolesLine, sections });
  if (roles.has('admin')) expanded.actions = [commandAction('Manage roles', 'roles')];
  return expanded;
}

/** A person the roles card can name. */
export interface Person {
  aadObjectId: string;
  name?: string;
}

// The roles card: who holds what, then who leads which team (lead.cards.ts), then the form to grant or revoke.
const HOLDERS_TEMPLATE = card([
  { type: 'TextBlock', text: 'Roles', weight: 'Bolder', size: 'Medium', wrap: true },
  {
    type: 'TextBlock',
    $when: "${status != ''}",
    text: '${status}',
    wrap: true,
    color: '${statusColor}',
    weight: 'Bolder',
  },
  { type: 'TextBlock', text: 'Who holds a role now', weight: 'Bolder', wrap: true, spacing: 'Medium' },
  { type: 'FactSet', facts: [{ $data: '${holders}', title: '${name}', value: '${roles}' }] },
]);

const FORM_TEMPLATE = card(
  [
    { type: 'TextBlock', text: 'Change a role', weight: 'Bolder', wrap: true, spacing: 'Medium' },
    {
      type: 'Input.ChoiceSet',
      id: 'person',
      label: 'Person',
      isRequired: true,
      errorMessage: 'Choose a person.',
      placeholder: 'Search for a person',
      choices: [{ $data: '${people}', title: '${name}', value: '${aadObjectId}' }],
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    },
    { type: 'TextBlock', $when: "${more != ''}", text: '${more}', wrap: true, isSubtle: true, size: 'Small' },
    {
      type: 'Input.ChoiceSet',
      id: 'role',
      label: 'Role',
      isRequired: true,
      errorMessage: 'Choose a role.',
      style: 'expanded',
      choices: ROLES.map((r) => ({ title: ROLE_LABELS[r], value: r })),
    },
  ],
  [
    executeAction('Grant', ROLE_VERBS.grant, {}, 'positive'),
    executeAction('Revoke', ROLE_VERBS.revoke, {}, 'destructive'),
  ],
);

/** Said beside an Entra object id shown in place of a name: neither a chat with the bot nor a team gave one. */
const NAME_NOT_KNOWN = 'name not known yet: they have not used Staff Voice';

// People offered in the picker's list. A card has to stay under Teams' size limit (about 28 KB), so a trust's
// thousands are not listed: role holders always are, then others by name; Teams' search finds anyone else.
export const PICKER_LIMIT = 100;

/**
 * The admin's roles card: who holds what, who leads which team, and a form to grant or revoke. People are named
 * wherever the bot knows the name; an id is shown only for someone it has never heard from (a first admin from
 * configuration, say).
 */
export function rolesCard(
  holders: RoleHolder[],
  people: Person[],
  status?: { text: string; ok: boolean },
  teams: readonly TeamLeadsView[] = [],
): CardJson {
  const nameOf = new Map(people.filter((p) => p.name).map((p) => [p.aadObjectId.toLowerCase(), p.name!]));
  const byName = (a: { name?: string; id: string }, b: { name?: string; id: string }) =>
    a.name && b.name ? a.name.localeCompare(b.name) : a.name ? -1 : b.name ? 1 : a.id.localeCompare(b.id);
  const named = holders
    .map((h) => ({ ...h, id: h.aadObjectId, name: nameOf.get(h.aadObjectId.toLowerCase()) }))
    .sort(byName);
  const holderIds = new Set(holders.map((h) => h.aadObjectId.toLowerCase()));
  const everyone = people.map((p) => ({ ...p, id: p.aadObjectId, name: p.name || undefined })).sort(byName);
  const others = everyone.filter((p) => !holderIds.has(p.id.toLowerCase()));
  const listed = [
    ...everyone.filter((p) => holderIds.has(p.id.toLowerCase())),
    ...others.slice(0, Math.max(0, PICKER_LIMIT - holderIds.size)),
  ].sort(byName);
  const data = {
    status: status?.text ?? '',
    statusColor: status?.ok === false ? 'Attention' : 'Good',
    holders: named.map((h) => ({
      name: h.name ?? h.id,
      roles:
        h.roles.map((r) => ROLE_LABELS[r]).join(', ') +
        (h.configAdmin ? ' (admin set in configuration)' : '') +
        (h.name ? '' : `; ${NAME_NOT_KNOWN}`),
    })),
    people: listed.map((p) => ({ aadObjectId: p.aadObjectId, name: p.name ?? `${p.id} (name not known yet)` })),
    more:
      listed.length < everyone.length
        ? `The list shows ${listed.length} of the ${everyone.length} people I know, role holders first: type a name to find anyone else.`
        : '',
  };
  const form = expandCard(FORM_TEMPLATE, data);
  const body = [...(expandCard(HOLDERS_TEMPLATE, data).body as unknown[]), ...teamLeadsSection(teams)];
  return { ...form, body: [...body, ...(form.body as unknown[])] };
}

const NOTE_TEMPLATE = card([{ type: 'TextBlock', text: '${text}', wrap: true }]);

/** A one-line reply card. */
export function noteCard(text: string): CardJson {
  return expandCard(NOTE_TEMPLATE, { text });
}

/** How a channel is named to people: "FTSU Guardians" in Northtown Trust (the General channel has no name of its own). */
export function channelLabel(channel: string | undefined, team: string | undefined): string {
  const name = `"${channel ?? 'General'}"`;
  return team ? `${name} in ${team}` : name;
}

const CHANNEL_CHANGE_TEMPLATE = card([
  { type: 'TextBlock', text: 'Where speak-up cases go has changed', weight: 'Bolder', size: 'Medium', wrap: true },
  { type: 'TextBlock', text: '${what}', wrap: true },
  { type: 'TextBlock', text: '${who}', wrap: true },
  {
    type: 'TextBlock',
    text: 'If you did not expect this, tell your Freedom to Speak Up lead guardian: whoever is in that channel can read the cases sent there.',
    wrap: true,
    isSubtle: true,
  },
]);

/** The announcement, in a guardians' channel, that cases now also go to another channel, or no longer go to one. */
export function guardianChannelChangeCard(change: { added: boolean; channel: string; by?: string }): CardJson {
  const what = change.added
    ? `New speak-up cases now also go to ${change.channel}.`
    : `${change.channel} no longer receives speak-up cases.`;
  const who = `Changed by ${change.by ?? 'someone whose name Teams did not give'}, a survey admin who is also a Freedom to Speak Up guardian. The change is recorded in the audit trail.`;
  return expandCard(CHANNEL_CHANGE_TEMPLATE, { what, who });
}

/** What registering or unregistering a channel did, in words; a private channel is named as such. */
export function channelChangeText(kind: string, purpose: ChannelPurpose, channelType?: ChannelType): string {
  const label = PURPOSE_LABELS[purpose];
  const seenBy = channelType === 'private' ? ' It is a private channel: only its members see them.' : '';
  switch (kind) {
    case 'registered':
      return `Done: this channel now receives the ${label} posts.${seenBy}`;
    case 'already-registered':
      return `This channel already receives the ${label} posts.${seenBy}`;
    case 'unregistered':
      return `Done: this channel no longer receives the ${label} posts.`;
    case 'not-registered':
      return `This channel was not receiving the ${label} posts, so nothing changed.`;
    case 'not-a-channel':
      return 'Channels are registered from the channel itself: @mention me in the channel, for example "@Staff Voice digest here".';
    default:
      return purpose === 'guardians'
        ? 'Sorry, only someone who is both a survey admin and a Freedom to Speak Up guardian can change where speak-up cases go. Nothing has changed, and the attempt has been recorded.'
        : 'Sorry, only survey admins can register channels. Nothing has changed.';
  }
}
