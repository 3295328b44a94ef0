import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as turn from '../../src/platform/teams/turn';
import { BOT, TENANT_ID, channelMention, personalMessage, team, user, type TestUser } from '../support/activities';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { BOT_COMMANDS, commandsFor, type Scope } from './bot-commands';

/**
 * The manifest's command lists against what the bot really handles, three ways:
 * 1. the manifest lists, scope by scope, exactly the commands in test/ship/bot-commands.ts;
 * 2. that list matches the routes the app registers: every `onCommand` pattern is recorded while the real app is
 *    composed (a pass-through spy, so routes behave as in production), and each pattern must match a listed command
 *    and each listed command a pattern — a new command added to any *.routes.ts fails here until it is listed;
 * 3. each command the manifest lists, sent in its scope to the running bot, gets a real answer, not the
 *    "didn't understand" card.
 */
interface ManifestCommandList {
  scopes: Scope[];
  commands: { title: string; description: string }[];
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../teamsapp/manifest.json'), 'utf8'));
const commandLists: ManifestCommandList[] = manifest.bots[0].commandLists;
const manifestCommands = (scope: Scope) =>
  commandLists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
const SCOPES: Scope[] = ['personal', 'team', 'groupChat'];

describe('the commands the Teams manifest offers', () => {
  const admin = user('Ann Admin');
  const ward = team('Ward 7', ['Leadership']);
  const groupChatId = `19:${'a'.repeat(32)}@thread.v2`;
  const patterns: RegExp[] = [];
  let h: Harness;

  beforeAll(async () => {
    const spy = jest.spyOn(turn, 'onCommand');
    try {
      h = await startHarness({ firstAdmins: [admin.aadObjectId] });
    } finally {
      patterns.push(...spy.mock.calls.map((call) => call[1]));
      spy.mockRestore();
    }
  });
  afterAll(() => h?.stop());

  it.each(SCOPES)('lists exactly the bot commands offered in %s scope', (scope) => {
    expect(manifestCommands(scope).sort()).toEqual(commandsFor(scope).sort());
  });

  it('lists every command the bot registers, and registers every command it lists', () => {
    expect(patterns.length).toBeGreaterThan(0);
    const texts = BOT_COMMANDS.flatMap((c) => [c.text, ...(c.aliases ?? [])]);
    const unlisted = patterns.filter((p) => !texts.some((t) => p.test(t)));
    expect(unlisted.map(String)).toEqual([]);
    const unhandled = texts.filter((t) => !patterns.some((p) => p.test(t)));
    expect(unhandled).toEqual([]);
  });

  it('keeps each scope within what Teams accepts: at most 10 commands, short titles', () => {
    for (const list of commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  const conv = (u: TestUser) => h.emulator.conversationIdFor(u.id);
  const replyTo = async (scope: Scope, text: string): Promise<string> => {
    let conversationId: string;
    let res: { status: number };
    if (scope === 'personal') {
      conversationId = conv(admin);
      res = await h.post(personalMessage({ serviceUrl: h.emulator.url, user: admin, conversationId, text }));
    } else if (scope === 'team') {
      conversationId = ward.channels[1]!.id;
      res = await h.post(
        channelMention({ serviceUrl: h.emulator.url, user: admin, team: ward, channelId: conversationId, text }),
      );
    } else {
      conversationId = groupChatId;
      res = await h.post(groupChatMention(h.emulator.url, admin, groupChatId, text));
    }
    expect(res.status).toBeLessThan(300);
    const last = h.emulator.sent(conversationId).at(-1);
    return cardText(cardOf(last?.body));
  };

  for (const scope of SCOPES) {
    it.each(manifestCommands(scope))(`answers "%s" in ${scope} scope`, async (command) => {
      const text = await replyTo(scope, command);
      expect(text).not.toBe('');
      expect(text).not.toMatch(/didn't understand/i);
      expect(text).not.toMatch(/something went wrong/i);
    });
  }

  it('still answers an unknown command with the "didn\'t understand" card (so the checks above can fail)', async () => {
    expect(await replyTo('personal', 'make me a sandwich')).toMatch(/didn't understand/i);
  });
});

/** A group chat message that @mentions the bot, as Teams delivers it. */
function groupChatMention(serviceUrl: string, u: TestUser, conversationId: string, text: string) {
  const mention = `<at>${BOT.name}</at>`;
  return {
    id: `act-gc-${Date.now()}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    recipient: BOT,
    locale: 'en-GB',
    type: 'message',
    text: `${mention} ${text}`,
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    conversation: { id: conversationId, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}
