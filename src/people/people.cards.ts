import { card, commandAction, executeAction, expandCard } from '../platform/cards';
import type { CardJson } from '../platform/conversation-ref';
import { PURPOSE_LABELS, ROLE_LABELS, ROLES, type ChannelPurpose, type ChannelType, type Role, type RoleHolder } from './roles';

/** Card action verbs, shared by the cards that carry them and the routes that handle them. */
export const ROLE_VERBS = { grant: 'roles.grant', revoke: 'roles.revoke' } as const;

interface Command {
  command: string;
  what: string;
}

const EVERYONE: Command[] = [
  { command: 'surveys', what: 'See the pulse surveys open for you (in your chat with me).' },
  { command: 'speak up', what: 'Raise a concern with a Freedom to Speak Up guardian: openly, confidentially or anonymously.' },
  { command: 'my cases', what: 'Your open speak-up cases, with a box to message the guardians.' },
  { command: 'help', what: 'Show what you can do here.' },
];
const GUARDIANS: Command[] = [
  { command: 'ngo return [quarter]', what: "The National Guardian's Office quarterly figures, with a CSV (e.g. \"ngo return 2026/27 Q3\")." },
  { command: 'Case cards', what: "In the guardians' channel: claim, reply, ask, add notes, set status and close, on each case's card." },
];
const READERS: Command[] = [
  { command: 'results [survey]', what: 'Results of the latest closed wave of each survey (or the one named), in your chat with me.' },
  { command: 'export [survey or wave]', what: 'Download links for those results as CSV, and the NQPS return for an engagement survey.' },
];
const ADMIN: Command[] = [
  { command: 'surveys', what: 'Create surveys from NHS templates, preview, launch, pause and close them, and watch their progress.' },
  { command: 'roles', what: 'Grant or revoke the admin, guardian and executive roles (in your chat with me).' },
  { command: '@Staff Voice digest here', what: 'In a leadership channel: send the weekly digest there. "digest stop" undoes it.' },
  { command: '@Staff Voice guardians here', what: "In the guardians' channel: send speak-up cases there. \"guardians stop\" undoes it." },
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
  if (roles.has('executive') || roles.has('admin')) sections.push({ title: 'Results (executives and admins)', commands: READERS });
  if (roles.has('admin')) sections.push({ title: 'For survey admins', commands: ADMIN });
  const held = ROLES.filter((r) => roles.has(r)).map((r) => ROLE_LABELS[r]);
  const rolesLine = held.length > 0 ? `Your roles: ${held.join(', ')}.` : 'You are using Staff Voice as a member of staff.';
  const expanded = expandCard(HELP_TEMPLATE, { rolesLine, sections });
  if (roles.has('admin')) expanded.actions = [commandAction('Manage roles', 'roles')];
  return expanded;
}

/** A person the roles card can name. */
export interface Person {
  aadObjectId: string;
  name?: string;
}

const ROLES_TEMPLATE = card(
  [
    { type: 'TextBlock', text: 'Roles', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', $when: '${status != \'\'}', text: '${status}', wrap: true, color: '${statusColor}', weight: 'Bolder' },
    { type: 'TextBlock', text: 'Who holds a role now', weight: 'Bolder', wrap: true, spacing: 'Medium' },
    { type: 'FactSet', facts: [{ $data: '${holders}', title: '${name}', value: '${roles}' }] },
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
  [executeAction('Grant', ROLE_VERBS.grant, {}, 'positive'), executeAction('Revoke', ROLE_VERBS.revoke, {}, 'destructive')],
);

/** The admin's roles card: who holds what, and a form to grant or revoke. */
export function rolesCard(holders: RoleHolder[], people: Person[], status?: { text: string; ok: boolean }): CardJson {
  const nameOf = new Map(people.map((p) => [p.aadObjectId, p.name]));
  return expandCard(ROLES_TEMPLATE, {
    status: status?.text ?? '',
    statusColor: status?.ok === false ? 'Attention' : 'Good',
    holders: holders.map((h) => ({
      name: nameOf.get(h.aadObjectId) ?? h.aadObjectId,
      roles: h.roles.map((r) => ROLE_LABELS[r]).join(', ') + (h.configAdmin ? ' (admin set in configuration)' : ''),
    })),
    people: people.map((p) => ({ aadObjectId: p.aadObjectId, name: p.name ?? p.aadObjectId })),
  });
}

const NOTE_TEMPLATE = card([{ type: 'TextBlock', text: '${text}', wrap: true }]);

/** A one-line reply card. */
export function noteCard(text: string): CardJson {
  return expandCard(NOTE_TEMPLATE, { text });
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
      return 'Sorry, only survey admins can register channels. Nothing has changed.';
  }
}
