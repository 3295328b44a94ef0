import { randomUUID } from 'node:crypto';
import { personalInstall, personalMessage, user, type TestUser } from '../support/activities';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';

/** The roles card names people; an Entra object id appears only for someone the bot has never heard of. */
describe('names on the roles card, through /api/messages', () => {
  const admin = user('Alex Admin');
  const grace = user('Grace Guardian');
  // A first admin from configuration who has never used Staff Voice: the bot has no name for them.
  const configuredOnly = randomUUID();
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId, configuredOnly] });
    // The Agents Playground installs the personal app with no name in `from`: the stored row has none.
    const install = personalInstall({ serviceUrl: h.emulator.url, user: admin, conversationId: conv(admin) });
    await h.post({ ...install, from: { id: admin.id, aadObjectId: admin.aadObjectId } });
    await h.post(personalInstall({ serviceUrl: h.emulator.url, user: grace, conversationId: conv(grace) }));
    await h.app.roles.seed(grace.aadObjectId, ['guardian']);
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
