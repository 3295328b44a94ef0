import { ConnectorEmulator, type Member } from './connector-emulator';

const alice: Member = { id: '29:alice', aadObjectId: 'aad-alice', name: 'Alice', email: 'alice@nhs.example' };
const bob: Member = { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob' };
const TEAM_ID = '19:team@thread.tacv2';

let emu: ConnectorEmulator;

beforeAll(async () => {
  emu = await ConnectorEmulator.start();
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(() => emu.reset());

const enc = encodeURIComponent;

/** One request against the emulator; JSON in, parsed JSON out. */
async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const res = await fetch(emu.url + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) };
}

const send = (conversationId: string, text = 'hi') =>
  call('POST', `v3/conversations/${enc(conversationId)}/activities`, { type: 'message', text });

describe('recording', () => {
  it('records sends, replies, updates and deletes with decoded ids', async () => {
    const cid = '19:abc@thread.tacv2;messageid=42';
    const sent = await send(cid, 'hello');
    expect(sent).toMatchObject({ status: 200, json: { id: expect.stringMatching(/^act-\d+$/) } });

    const reply = await call('POST', `v3/conversations/${enc(cid)}/activities/${enc('1:parent')}`, {
      type: 'message',
      text: 're',
    });
    expect(reply.status).toBe(200);
    expect(reply.json).not.toEqual(sent.json);

    const update = await call('PUT', `v3/conversations/${enc(cid)}/activities/act-9`, {
      type: 'message',
      text: 'edited',
    });
    expect(update).toMatchObject({ status: 200, json: { id: 'act-9' } });
    expect((await call('DELETE', `v3/conversations/${enc(cid)}/activities/act-9`)).status).toBe(200);

    expect(emu.sent(cid).map((c) => c.body.text)).toEqual(['hello', 're']);
    expect(emu.sent(cid)[1]).toMatchObject({ conversationId: cid, activityId: '1:parent' });
    expect(emu.sent('19:abc@thread.tacv2')).toHaveLength(2); // a channel id matches its threads
    expect(emu.updates(cid)).toEqual([
      expect.objectContaining({ activityId: 'act-9', body: expect.objectContaining({ text: 'edited' }) }),
    ]);
    expect(emu.deletes()).toHaveLength(1);
    expect(emu.calls.map((c) => c.method)).toEqual(['POST', 'POST', 'PUT', 'DELETE']);
  });

  it('accepts a serviceUrl prefix and sloppy slashes', async () => {
    expect((await call('POST', `amer//v3/conversations/${enc('a:x')}/activities/`, { text: 'x' })).status).toBe(200);
    expect(emu.sent('a:x')).toHaveLength(1);
  });

  it('creates stable 1:1 conversations and records an inline activity as sent', async () => {
    emu.addMember(alice);
    const params = { bot: { id: '28:bot' }, members: [{ id: alice.id }], isGroup: false, tenantId: 't' };
    const first = await call('POST', 'v3/conversations', params);
    const again = await call('POST', 'v3/conversations', {
      ...params,
      members: [{ id: alice.aadObjectId }],
      activity: { text: 'survey' },
    });

    expect(first).toMatchObject({ status: 201, json: { id: emu.conversationIdFor(alice.id) } });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ id: (first.json as { id: string }).id, activityId: expect.any(String) });
    const cid = emu.conversationIdFor(alice.id);
    expect(cid).toMatch(/^a:/);
    expect(emu.sent(cid)).toEqual([expect.objectContaining({ body: { text: 'survey' }, status: 200 })]);
    expect((await call('GET', `v3/conversations/${enc(cid)}/members`)).json).toEqual([
      expect.objectContaining({ id: alice.id }),
    ]);
  });

  it('creates a channel thread whose id carries the first message id', async () => {
    const res = await call('POST', 'v3/conversations', {
      isGroup: true,
      channelData: { channel: { id: TEAM_ID } },
      activity: { text: 'digest' },
    });
    const { id, activityId } = res.json as { id: string; activityId: string };
    expect(res.status).toBe(201);
    expect(id).toBe(`${TEAM_ID};messageid=${activityId}`);
    expect(emu.sent(TEAM_ID).map((c) => c.body.text)).toEqual(['digest']);
  });

  it('answers 400 for malformed JSON and 404 JSON for unknown routes', async () => {
    const bad = await fetch(`${emu.url}v3/conversations/a%3Ax/activities`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await call('GET', 'v3/nowhere')).toMatchObject({ status: 404, json: { error: { code: 'NotFound' } } });
    expect(emu.sent()).toEqual([]);
    expect(emu.calls.map((c) => c.status)).toEqual([400, 404]);
  });
});

describe('fault injection', () => {
  it('failNext answers the fault with Retry-After, unrecorded in sent()', async () => {
    emu.failNext(2, { status: 429, retryAfterSeconds: 3 });
    const first = await send('a:x');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await call('GET', 'v3/conversations/a%3Ax/members')).status).toBe(200); // GETs do not consume faults
    expect((await send('a:x')).status).toBe(429);
    expect((await send('a:x')).status).toBe(200);
    expect(emu.sent('a:x')).toHaveLength(1);
    expect(emu.calls.map((c) => c.status)).toEqual([429, 200, 429, 200]);
  });

  it('failNext with a code produces Teams error shape', async () => {
    emu.failNext(1, { status: 403, code: 'MessageWritesBlocked' });
    const res = await send('a:x');
    expect(res).toMatchObject({
      status: 403,
      json: { error: { code: 'MessageWritesBlocked', message: expect.any(String) } },
    });
  });

  it('seeded fault rate is deterministic', async () => {
    const run = async () => {
      emu.reset();
      emu.setFaultRate(0.5, [{ status: 500 }, { status: 503 }], 7);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await send('a:x')).status);
      return statuses;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a.some((s) => s === 200)).toBe(true);
    expect(a.some((s) => s >= 500)).toBe(true);
  });

  it('rate cap answers 429 beyond N requests per sliding second', async () => {
    emu.setRateCap(3, 2);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => send('a:x')));
    expect(statuses.map((s) => s.status).sort()).toEqual([200, 200, 200, 429, 429]);
    const throttled = statuses.find((s) => s.status === 429);
    expect(throttled?.headers.get('retry-after')).toBe('2');
    expect((await call('GET', 'v3/conversations/a%3Ax/members')).status).toBe(429); // the cap counts GETs too
    expect(emu.sent()).toHaveLength(3);
  });

  it('storm answers every request 429 until it passes', async () => {
    emu.stormFor(150, 5);
    const during = await call('GET', `v3/teams/${enc(TEAM_ID)}`);
    expect(during.status).toBe(429);
    expect(during.headers.get('retry-after')).toBe('5');
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('a:x')).status).toBe(200);
  });

  it('latency delays the answer', async () => {
    emu.setLatency(80);
    const started = Date.now();
    await send('a:x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('block gives the MessageWritesBlocked-style 403; forget gives 404', async () => {
    emu.block('a:blocked');
    emu.forget('a:gone');
    expect(await send('a:blocked')).toMatchObject({
      status: 403,
      json: { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } },
    });
    expect(await send('a:gone')).toMatchObject({ status: 404, json: { error: { code: 'ConversationNotFound' } } });
    emu.unblock('a:blocked');
    expect((await send('a:blocked')).status).toBe(200);
    expect(emu.sent().map((c) => c.conversationId)).toEqual(['a:blocked']);
  });
});

describe('roster', () => {
  const members: Member[] = Array.from({ length: 5 }, (_, i) => ({
    id: `29:m${i}`,
    aadObjectId: `aad-m${i}`,
    name: `M${i}`,
  }));

  beforeAll(() => {
    emu.addTeam({ id: TEAM_ID, name: 'Ward 7', channels: [{ id: '19:pulse@thread.tacv2', name: 'Pulse' }], members });
  });

  it('pages members over 3 pages', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `pageSize=2${token ? `&continuationToken=${enc(token)}` : ''}`;
      const res = await call('GET', `v3/conversations/${enc(TEAM_ID)}/pagedmembers?${query}`);
      const page = res.json as { members: { id: string }[]; continuationToken?: string };
      seen.push(...page.members.map((m) => m.id));
      token = page.continuationToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(members.map((m) => m.id));
  });

  it('lists channels with General first and serves team details', async () => {
    const channels = await call('GET', `v3/teams/${enc(TEAM_ID)}/conversations`);
    expect(channels.json).toEqual({ conversations: [{ id: TEAM_ID }, { id: '19:pulse@thread.tacv2', name: 'Pulse' }] });
    const details = await call('GET', `v3/teams/${enc(TEAM_ID)}`);
    expect(details.json).toMatchObject({
      id: TEAM_ID,
      name: 'Ward 7',
      aadGroupId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect((await call('GET', `v3/teams/${enc('19:nope@thread.tacv2')}`)).status).toBe(404);
  });

  it('looks members up by id or AAD object id within a channel, decoding the path', async () => {
    const channel = enc('19:pulse@thread.tacv2');
    expect((await call('GET', `v3/conversations/${channel}/members/${enc('29:m3')}`)).json).toMatchObject({
      name: 'M3',
    });
    expect((await call('GET', `v3/conversations/${channel}/members/aad-m1`)).json).toMatchObject({ id: '29:m1' });
    expect((await call('GET', `v3/conversations/${channel}/members/${enc(bob.id)}`)).status).toBe(404);
    expect(emu.calls[0]).toMatchObject({
      conversationId: '19:pulse@thread.tacv2',
      path: expect.stringContaining('%40'),
    });
    expect(((await call('GET', `v3/conversations/${channel}/members`)).json as unknown[]).length).toBe(5);
  });

  it('says userRole "user" for every member, owners included, as Teams does, unless a test plays a host that marks owners', async () => {
    const team = '19:roles@thread.tacv2';
    const owner: Member = { id: '29:o', aadObjectId: 'aad-o', name: 'O', userRole: 'owner' };
    emu.addTeam({ id: team, name: 'Roles', channels: [], members: [alice, owner] });
    const page = (await call('GET', `v3/conversations/${enc(team)}/pagedmembers`)).json as {
      members: { id: string; userRole: string }[];
    };
    expect(page.members.map((m) => [m.id, m.userRole])).toEqual([
      ['29:alice', 'user'],
      ['29:o', 'owner'],
    ]);
  });

  it('looks a member up by user principal name too, as Teams does', async () => {
    const team = '19:upn@thread.tacv2';
    const carol: Member = {
      id: '29:carol',
      aadObjectId: 'aad-carol',
      name: 'Carol',
      userPrincipalName: 'Carol@nhs.example',
    };
    emu.addTeam({ id: team, name: 'UPN', channels: [], members: [carol] });
    expect((await call('GET', `v3/conversations/${enc(team)}/members/carol%40nhs.example`)).json).toMatchObject({
      id: '29:carol',
    });
    emu.memberLookupByTeamsIdOnly = true;
    expect((await call('GET', `v3/conversations/${enc(team)}/members/carol%40nhs.example`)).status).toBe(404);
  });
});
