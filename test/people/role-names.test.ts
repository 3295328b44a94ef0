import { randomUUID } from 'node:crypto';
import { personalInstall, personalMessage, team, teamInstall, user, type TestUser } from '../support/activities';
import { PICKER_LIMIT, rolesCard } from '../../src/people/people.cards';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';

/** The roles card names people; an Entra object id appears only for someone the bot has never heard of. */
describe('names on the roles card, through /api/messages', () => {
  const admin = user('Alex Admin');
  const grace = user('Grace Guardian');
  // An executive granted before they ever chatted with the bot: a member of a team the app is installed in.
  const evan = user('Evan Executive');
  // A first admin from configuration who has never used Staff Voice: the bot has no name for them.
  const configuredOnly = randomUUID();
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId, configuredOnly] });
    // The Agents Playground installs the personal app with no name in `from`: the stored row has none.
    const install = personalInstall({ serviceUrl: h.emulator.url, user: admin, conversationId: conv(admin) });
    await h.post({ ...install, from: { id: admin.id, aadObjectId: admin.aadObjectId } });
    await h.post(personalInstall({ serviceUrl: h.emulator.url, user: grace, conversationId: conv(grace) }));
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    const ward = team('Ward 7');
    const members = [admin, grace, evan].map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name }));
    h.emulator.addTeam({ id: ward.id, name: ward.name, channels: ward.channels, members });
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: ward, by: admin }));
    await h.app.people.roles.seed(evan.aadObjectId, ['executive']);
  });
  afterAll(() => h.stop());

  function conv(u: TestUser): string {
    return h.emulator.conversationIdFor(u.id);
  }
  const rolesCard = async () => {
    await h.post(
      personalMessage({ serviceUrl: h.emulator.url, user: admin, conversationId: conv(admin), text: 'roles' }),
    );
    return cardOf(h.emulator.sent(conv(admin)).at(-1)!.body);
  };
  const holders = (card: any): { title: string; value: string }[] =>
    card.body.find((b: any) => b.type === 'FactSet').facts;

  it('names the caller from their own turn, even when their install came without a name', async () => {
    const facts = holders(await rolesCard());
    expect(facts.map((f) => f.title)).toContain('Alex Admin');
    expect(facts.map((f) => f.title)).not.toContain(admin.aadObjectId);
    expect(facts.find((f) => f.title === 'Alex Admin')!.value).toContain('Survey admin');
  });

  it('names everyone the bot knows from their chat with it', async () => {
    const facts = holders(await rolesCard());
    expect(facts.find((f) => f.title === 'Grace Guardian')?.value).toContain('Freedom to Speak Up guardian');
  });

  it('names a role holder with no chat from the team the app is in, and offers them by name', async () => {
    const card = await rolesCard();
    expect(holders(card).find((f) => f.title === 'Evan Executive')?.value).toBe('Executive');
    expect(holders(card).map((f) => f.title)).not.toContain(evan.aadObjectId);
    const picker = card.body.find((b: any) => b.id === 'person');
    expect(picker.choices).toContainEqual({ title: 'Evan Executive', value: evan.aadObjectId });
    // Asked of Teams by Entra object id, and not stored: he is still not someone the bot has a chat with.
    expect(h.emulator.calls.some((c) => c.method === 'GET' && c.path.endsWith(`/members/${evan.aadObjectId}`))).toBe(
      true,
    );
    expect(await h.app.people.roles.holders()).toContainEqual(
      expect.objectContaining({ aadObjectId: evan.aadObjectId }),
    );
  });

  it('finds the name in the roster where Teams looks people up by Teams id only (as the Agents Playground does)', async () => {
    h.emulator.memberLookupByTeamsIdOnly = true;
    try {
      h.emulator.calls = [];
      const card = await rolesCard();
      expect(holders(card).find((f) => f.title === 'Evan Executive')?.value).toBe('Executive');
      expect(h.emulator.calls.some((c) => c.path.includes('/pagedmembers'))).toBe(true);
    } finally {
      h.emulator.memberLookupByTeamsIdOnly = false;
    }
  });

  it('shows the id only for someone never seen, and says why', async () => {
    const card = await rolesCard();
    const unknown = holders(card).find((f) => f.title === configuredOnly);
    expect(unknown?.value).toContain('admin set in configuration');
    expect(unknown?.value).toContain('name not known yet: they have not used Staff Voice');
    // Only that one: the people with names carry no such note.
    expect(cardText(card).match(/name not known yet/g)).toHaveLength(1);
  });

  it('offers the caller by name in the person picker too', async () => {
    const picker = (await rolesCard()).body.find((b: any) => b.id === 'person');
    expect(picker.choices).toEqual(
      expect.arrayContaining([
        { title: 'Alex Admin', value: admin.aadObjectId },
        { title: 'Grace Guardian', value: grace.aadObjectId },
      ]),
    );
  });
});

describe('the roles card stays small enough for Teams in a trust of thousands', () => {
  const people = Array.from({ length: 3000 }, (_, i) => ({
    aadObjectId: randomUUID(),
    name: `Person ${String(i).padStart(4, '0')}`,
  }));
  // Holders sorted late by name, so a plain "first N" would leave them out.
  const holderList = people
    .slice(-3)
    .map((p) => ({ aadObjectId: p.aadObjectId, roles: ['guardian' as const], configAdmin: false }));

  it(`lists role holders and then at most ${PICKER_LIMIT} people in all, and says how to find the rest`, () => {
    const card = rolesCard(holderList, people) as any;
    const choices = card.body.find((b: any) => b.id === 'person').choices as { value: string }[];
    expect(choices).toHaveLength(PICKER_LIMIT);
    for (const h of holderList) expect(choices.map((c) => c.value)).toContain(h.aadObjectId);
    expect(cardText(card)).toContain(`The list shows ${PICKER_LIMIT} of the 3000 people I know`);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
  });

  it('lists everyone, with no note, when they fit', () => {
    const card = rolesCard(holderList, people.slice(-20)) as any;
    expect(card.body.find((b: any) => b.id === 'person').choices).toHaveLength(20);
    expect(cardText(card)).not.toContain('The list shows');
  });
});
