import type { Member } from '../support/connector-emulator';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { actionExecute, personalMessage, team, teamInstall, user, type TestUser } from '../support/activities';

/** The people and teams the team-lead tests use: Ward 7 and Ward 9 (Teams marks no owner), and Theatres (it does). */
export const people = {
  admin: user('Ann Admin'),
  evan: user('Evan Executive'),
  sam: user('Sam Staff'),
  wendy: user('Wendy Ward'),
  liam: user('Liam Lead'),
  nora: user('Nora Nine'),
  olga: user('Olga Owner'),
  otto: user('Otto Owner'),
};
export const teams = { ward7: team('Ward 7'), ward9: team('Ward 9'), theatres: team('Theatres') };

const upn = (u: TestUser) => `${u.name.toLowerCase().replace(/ /g, '.')}@trust.example.nhs.uk`;

/** A roster entry as Teams lists it; `owner` only plays a host that marks owners (Teams itself says `user`). */
export const member = (u: TestUser, userRole?: string): Member => ({
  id: u.id,
  aadObjectId: u.aadObjectId,
  name: u.name,
  userPrincipalName: upn(u),
  ...(userRole ? { userRole } : {}),
});

export const emailOf = upn;

const { admin, evan, sam, wendy, liam, nora, olga, otto } = people;
export const rosters: Record<keyof typeof teams, Member[]> = {
  ward7: [admin, evan, sam, wendy, liam].map((u) => member(u)),
  ward9: [wendy, nora].map((u) => member(u)),
  theatres: [member(admin), member(olga, 'owner'), member(otto, 'owner'), member(sam)],
};

/** Sets a team's roster in the connector emulator (as Teams would list it from now on). */
export function setRoster(h: Harness, key: keyof typeof teams, members: Member[]): void {
  const t = teams[key];
  h.emulator.addTeam({ id: t.id, name: t.name, channels: t.channels, members });
}

/** A harness with the three teams installed (by the admin, a first admin) and Evan an executive. */
export async function startWithTeams(): Promise<Harness> {
  const h = await startHarness({ firstAdmins: [admin.aadObjectId] });
  for (const key of Object.keys(teams) as (keyof typeof teams)[]) {
    setRoster(h, key, rosters[key]);
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: teams[key], by: admin }));
  }
  await h.app.people.roles.seed(evan.aadObjectId, ['executive']);
  return h;
}

/** What the tests do in a person's 1:1 chat: type, click, read the last card. */
export function chat(h: Harness) {
  const conv = (u: TestUser) => h.emulator.conversationIdFor(u.id);
  return {
    say: (u: TestUser, text: string) =>
      h.post(personalMessage({ serviceUrl: h.emulator.url, user: u, conversationId: conv(u), text })),
    lastCard: (u: TestUser) => cardOf(h.emulator.sent(conv(u)).at(-1)!.body),
    async click(u: TestUser, verb: string, data: Record<string, unknown> = {}) {
      const res = await h.post(
        actionExecute({ serviceUrl: h.emulator.url, user: u, conversationId: conv(u), verb, data }),
      );
      expect(res.status).toBe(200);
      return res.body.value;
    },
  };
}

/** The lead rows of the `roles` table. */
export const leadRows = async (h: Harness) =>
  (await allEntities(h.table('roles'))).filter((r) => r.partitionKey === 'lead');

export const auditRows = (h: Harness) => allEntities(h.table('audit'));

/** Every action on a card, wherever it sits (card actions and ActionSets), by title. */
export function actionsOf(card: unknown): Record<string, any>[] {
  const found: Record<string, any>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, any>;
      if (typeof n.type === 'string' && n.type.startsWith('Action.')) found.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The choices of a card's input, by id. */
export const choicesOf = (card: any, id: string): { title: string; value: string }[] =>
  card.body.find((b: any) => b.id === id)?.choices ?? [];

export { cardText };
