import { allEntities, startHarness, type Harness } from '../support/harness';
import { personalInstall, personalUninstall, team, teamInstall, user } from '../support/activities';

describe('reaching team members who never opened a chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('creates a 1:1 chat for each unknown member, across roster pages, and leaves known and departed people alone', async () => {
    const ward = team('Ward 9');
    const people = Array.from({ length: 450 }, (_, i) => user(`Member ${i}`));
    h.emulator.addTeam({
      id: ward.id,
      name: ward.name,
      channels: ward.channels,
      members: people.map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name })),
    });
    const [installed, departed] = [people[0]!, people[1]!];
    for (const p of [installed, departed])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    await h.post(
      personalUninstall({
        serviceUrl: h.emulator.url,
        user: departed,
        conversationId: h.emulator.conversationIdFor(departed.id),
      }),
    );
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: ward, by: installed }));

    const result = await h.app.delivery.roster.reachTeamMembers(ward.id);
    expect(result).toEqual({ members: 450, alreadyReachable: 1, created: 448, declined: 1, failed: 0 });
    expect(h.emulator.calls.filter((c) => c.method === 'GET' && c.path.includes('pagedmembers'))).toHaveLength(3); // 200 + 200 + 50

    const users = (await allEntities(h.table('conversations'))).filter((r) => r.partitionKey === 'user');
    expect(users.filter((u) => u.status === 'active')).toHaveLength(449);
    const someone = users.find((u) => u.rowKey === people[200]!.aadObjectId)!;
    expect(JSON.parse(String(someone.ref))).toMatchObject({
      kind: 'personal',
      conversationId: h.emulator.conversationIdFor(people[200]!.id),
    });
    expect(users.find((u) => u.rowKey === departed.aadObjectId)?.status).toBe('uninstalled');

    // Running it again creates nothing new.
    expect(await h.app.delivery.roster.reachTeamMembers(ward.id)).toMatchObject({
      created: 0,
      alreadyReachable: 449,
      declined: 1,
    });
  }, 60_000);
});
