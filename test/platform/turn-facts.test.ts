import { botIsAmong, isAboutOneChannel, teamsFactsOf, type TurnActivity } from '../../src/platform/teams/turn-facts';

const turn = (channelData: unknown, extra: Partial<TurnActivity> = {}) => ({
  activity: {
    type: 'conversationUpdate',
    serviceUrl: 'https://smba.example/',
    conversation: { id: 'c' },
    channelData,
    ...extra,
  },
});

describe("Teams' channelData as typed facts", () => {
  it('reads the tenant, team, channel and event type Teams names', () => {
    const facts = teamsFactsOf(
      turn({
        tenant: { id: 'T1' },
        team: { id: '19:team', name: 'Ward 7' },
        channel: { id: '19:private', name: 'Nurses', type: 'private' },
        eventType: 'channelMemberAdded',
      }),
    );
    expect(facts).toEqual({
      tenantId: 'T1',
      team: { id: '19:team', name: 'Ward 7' },
      channel: { id: '19:private', name: 'Nurses', type: 'private' },
      eventType: 'channelMemberAdded',
    });
  });

  it('takes only strings: anything else in channelData reads as absent', () => {
    const facts = teamsFactsOf(
      turn({ tenant: { id: 7 }, team: ['19:team'], channel: { id: { $ne: '' } }, eventType: 1 }),
    );
    expect(facts.tenantId).toBeUndefined();
    expect(facts.team).toBeUndefined();
    expect(facts.channel?.id).toBeUndefined();
    expect(facts.eventType).toBeUndefined();
    expect(teamsFactsOf(turn('not an object'))).toEqual({});
    expect(teamsFactsOf(turn(undefined))).toEqual({});
  });

  it('tells an install in one channel from an install in the whole team', () => {
    expect(isAboutOneChannel(turn({ eventType: 'channelMemberAdded' }))).toBe(true);
    expect(isAboutOneChannel(turn({ eventType: 'channelMemberRemoved' }))).toBe(true);
    expect(isAboutOneChannel(turn({ eventType: 'teamMemberAdded', channel: { id: '19:s', type: 'shared' } }))).toBe(
      true,
    );
    expect(isAboutOneChannel(turn({ eventType: 'teamMemberAdded', channel: { id: '19:general' } }))).toBe(false);
  });

  it('knows when the bot itself is among the members added or removed', () => {
    const t = turn({}, { recipient: { id: '28:bot' } });
    expect(botIsAmong(t, [{ id: '29:alice' }, { id: '28:bot' }])).toBe(true);
    expect(botIsAmong(t, [{ id: '29:alice' }])).toBe(false);
    expect(botIsAmong(t, undefined)).toBe(false);
  });
});
