/**
 * A real HTTP server that answers the Bot Framework Connector REST API the way
 * the Teams connector does, so tests can point the bot's `serviceUrl` at it and
 * observe (and sabotage) everything the bot sends.
 *
 * Design decisions worth knowing:
 * - Every decision (throttling, faults, id assignment, recording) is made when
 *   the request arrives; `setLatency` only delays the answer. So the rate cap
 *   measures arrival rate, and a send whose client gives up during the latency
 *   still "happened" — exactly the duplicate-delivery hazard real Teams has.
 * - The rate cap counts only requests it admitted, so with a cap of N there are
 *   never more than N admitted requests in any sliding second, however hard
 *   the client hammers.
 * - Order of checks: storm → rate cap → malformed JSON / unknown route →
 *   injected faults (failNext, then fault rate) → forgotten / blocked
 *   conversation → normal answer.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** The request target exactly as received (still URL-encoded, query included). */
  path: string;
  /** Decoded conversation id from the path (for creates: the id we answered with). */
  conversationId?: string;
  /** Decoded activity id from the path (for replies this is the replyToId). */
  activityId?: string;
  /** The parsed JSON body (raw text when it was not valid JSON). For creates with an inline activity, sent() shows the activity. */

  body: any;
  status: number;
  /** Date.now() at arrival. */
  at: number;
  headers: Record<string, string | string[] | undefined>;
  /** The id we assigned to a newly posted activity (sends, replies, creates with an activity). */
  newActivityId?: string;
}

export interface Fault {
  status: number;
  retryAfterSeconds?: number;
  /** Sent verbatim as the JSON body; wins over `code`. */
  body?: unknown;
  /** Produces Teams' `{ error: { code, message } }` shape. */
  code?: string;
}

export interface Member {
  id: string /* '29:...' Teams user id */;
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  /**
   * TeamsChannelAccount.userRole. Teams documents `user` and `anonymous` and answers `user` for a team's owners too
   * (docs/deploy.md#team-leads), so that is the default; set `owner` only to play a host that does mark owners.
   */
  userRole?: string;
}

export interface Team {
  id: string;
  name: string;
  channels: { id: string; name?: string }[];
  members: Member[];
  aadGroupId?: string;
}

/** A member as the bot named it in a create call, when we have never heard of them. */
interface Account {
  id: string;
  name?: string;
  aadObjectId?: string;
}

type Route =
  | { kind: 'create' }
  | { kind: 'send'; conversationId: string }
  | { kind: 'reply'; conversationId: string; activityId: string }
  | { kind: 'update'; conversationId: string; activityId: string }
  | { kind: 'delete'; conversationId: string; activityId: string }
  | { kind: 'members'; conversationId: string }
  | { kind: 'member'; conversationId: string; memberId: string }
  | { kind: 'pagedMembers'; conversationId: string }
  | { kind: 'teamChannels'; teamId: string }
  | { kind: 'teamDetails'; teamId: string }
  | { kind: 'unknown' };

/** Routes Teams would throttle or fail: anything that writes a message or a conversation. */
const FAULTABLE = new Set<Route['kind']>(['create', 'send', 'reply', 'update']);

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a handler sees: the parsed request plus the call record it may annotate. */
interface Exchange {
  body: any;
  query: URLSearchParams;
  call: RecordedCall;
}

const BLOCKED_MESSAGE = 'User blocked the conversation with the bot.';
const DEFAULT_PAGE_SIZE = 200;
const MAX_PAGE_SIZE = 500;

/** Teams' error envelope. */
function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function error(status: number, code: string, message: string, retryAfterSeconds?: number): Answer {
  const headers = retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) };
  return { status, body: errorBody(code, message), headers };
}

/** Codes/messages used when a Fault names only a status. */
const DEFAULT_CODES: Record<number, [string, string]> = {
  400: ['BadArgument', 'Bad request.'],
  401: ['Unauthorized', 'Authorization has been denied for this request.'],
  403: ['Forbidden', 'The bot is not permitted to send messages to this conversation.'],
  404: ['NotFound', 'Not found.'],
  412: ['PreconditionFailed', 'Precondition failed.'],
  429: ['Throttled', 'Too many requests.'],
  500: ['InternalServerError', 'An internal error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'Service unavailable.'],
  504: ['GatewayTimeout', 'Gateway timeout.'],
};

const CODE_MESSAGES: Record<string, string> = {
  ConversationBlockedByUser: BLOCKED_MESSAGE,
  MessageWritesBlocked: 'Thread is blocked from message writes.',
  ConversationNotFound: 'Conversation not found.',
};

function faultAnswer(fault: Fault): Answer {
  const headers =
    fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
  if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
  const [defaultCode, defaultMessage] = DEFAULT_CODES[fault.status] ?? ['Error', `Injected fault ${fault.status}.`];
  const code = fault.code ?? defaultCode;
  return { status: fault.status, body: errorBody(code, CODE_MESSAGES[code] ?? defaultMessage), headers };
}

/** Small seeded PRNG (mulberry32) so fault-rate tests replay identically. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Channel thread conversations look like '19:x@thread.tacv2;messageid=123'; the channel is the part before ';'. */
function baseConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}

/** Splits the path into decoded segments after the first 'v3', ignoring any serviceUrl prefix. Throws URIError on bad escapes. */
function v3Segments(pathname: string): string[] | undefined {
  const raw = pathname.split('/').filter((s) => s !== '');
  const start = raw.indexOf('v3');
  return start === -1 ? undefined : raw.slice(start + 1).map((s) => decodeURIComponent(s));
}

function matchRoute(method: string, segments: string[]): Route {
  const [root, id, sub, subId, ...rest] = segments;
  if (rest.length > 0 || id === undefined) {
    return root === 'conversations' && id === undefined && method === 'POST' ? { kind: 'create' } : { kind: 'unknown' };
  }
  if (root === 'teams') {
    if (sub === undefined && method === 'GET') return { kind: 'teamDetails', teamId: id };
    if (sub === 'conversations' && subId === undefined && method === 'GET') return { kind: 'teamChannels', teamId: id };
    return { kind: 'unknown' };
  }
  if (root !== 'conversations') return { kind: 'unknown' };
  return matchConversationRoute(method, id, sub, subId);
}

function matchConversationRoute(method: string, conversationId: string, sub?: string, subId?: string): Route {
  if (sub === 'activities' && subId === undefined && method === 'POST') return { kind: 'send', conversationId };
  if (sub === 'activities' && subId !== undefined) {
    const activityId = subId;
    if (method === 'POST') return { kind: 'reply', conversationId, activityId };
    if (method === 'PUT') return { kind: 'update', conversationId, activityId };
    if (method === 'DELETE') return { kind: 'delete', conversationId, activityId };
  }
  if (method !== 'GET') return { kind: 'unknown' };
  if (sub === 'members' && subId === undefined) return { kind: 'members', conversationId };
  if (sub === 'members' && subId !== undefined) return { kind: 'member', conversationId, memberId: subId };
  if (sub === 'pagedmembers' && subId === undefined) return { kind: 'pagedMembers', conversationId };
  return { kind: 'unknown' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The JSON Teams returns for a member (TeamsChannelAccount). */
function memberJson(m: Member | Account): Record<string, unknown> {
  return { userRole: 'user', ...m };
}

export class ConnectorEmulator {
  readonly url: string;
  calls: RecordedCall[] = [];

  /** Successful writes only — what Teams believes happened. */
  private delivered: { kind: 'send' | 'update' | 'delete'; call: RecordedCall }[] = [];
  private faultQueue: Fault[] = [];
  private faultRate = 0;
  private rateFaults: Fault[] = [];
  private random: () => number = Math.random;
  private latencyMs = 0;
  private cap: { perSecond: number; retryAfterSeconds?: number } | undefined;
  private admitted: number[] = [];
  private storm: { until: number; retryAfterSeconds: number } | undefined;
  private blocked = new Set<string>();
  private forgotten = new Set<string>();
  /** Like the Agents Playground: a member is looked up by Teams id only (Teams also takes the Entra object id). */
  memberLookupByTeamsIdOnly = false;
  private activityCounter = 0;
  private pendingTimers = new Set<NodeJS.Timeout>();

  private members = new Map<string, Member>();
  private teams = new Map<string, Team>();
  /** 1:1 conversation id → the user in it (known members, plus strangers the bot created chats with). */
  private personal = new Map<string, Member | Account>();
  /** 1:1s the bot has created, so a repeat create answers 200 instead of 201. */
  private created = new Set<string>();

  private constructor(private readonly server: Server) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
  }

  static start(options: { port?: number } = {}): Promise<ConnectorEmulator> {
    return new Promise((resolve, reject) => {
      // The handler needs the instance, which needs the bound server: late-bind it.
      let emulator: ConnectorEmulator | undefined;
      const server = createServer((req, res) => {
        emulator?.handle(req, res).catch(() => res.destroy());
      });
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        emulator = new ConnectorEmulator(server);
        resolve(emulator);
      });
    });
  }

  stop(): Promise<void> {
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      // fetch keeps connections alive; without this close() waits for them to idle out.
      this.server.closeAllConnections();
    });
  }

  reset(): void {
    this.calls = [];
    this.delivered = [];
    this.faultQueue = [];
    this.faultRate = 0;
    this.rateFaults = [];
    this.random = Math.random;
    this.latencyMs = 0;
    this.cap = undefined;
    this.admitted = [];
    this.storm = undefined;
    this.blocked.clear();
    this.forgotten.clear();
    this.memberLookupByTeamsIdOnly = false;
  }

  // ---- views -------------------------------------------------------------

  /** Successful sends, replies and creates-with-activity. A channel id also matches its threads (';messageid=…'). */
  sent(conversationId?: string): RecordedCall[] {
    return this.deliveredOf('send', conversationId);
  }

  updates(conversationId?: string): RecordedCall[] {
    return this.deliveredOf('update', conversationId);
  }

  deletes(conversationId?: string): RecordedCall[] {
    return this.deliveredOf('delete', conversationId);
  }

  private deliveredOf(kind: 'send' | 'update' | 'delete', conversationId?: string): RecordedCall[] {
    return this.delivered
      .filter((d) => d.kind === kind && this.sameConversation(d.call.conversationId, conversationId))
      .map((d) => d.call);
  }

  private sameConversation(actual: string | undefined, wanted: string | undefined): boolean {
    if (wanted === undefined) return true;
    if (actual === undefined) return false;
    return wanted.includes(';messageid=') ? actual === wanted : baseConversationId(actual) === wanted;
  }

  // ---- fault injection ---------------------------------------------------

  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.faultQueue.push(fault);
  }

  setFaultRate(rate: number, faults: Fault[], seed?: number): void {
    if (rate < 0 || rate > 1) throw new RangeError(`fault rate must be within [0, 1], got ${rate}`);
    if (rate > 0 && faults.length === 0) throw new RangeError('a positive fault rate needs at least one fault');
    this.faultRate = rate;
    this.rateFaults = [...faults];
    this.random = seed === undefined ? Math.random : seededRandom(seed);
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setRateCap(requestsPerSecond: number | undefined, retryAfterSeconds?: number): void {
    this.cap = requestsPerSecond === undefined ? undefined : { perSecond: requestsPerSecond, retryAfterSeconds };
    this.admitted = [];
  }

  stormFor(ms: number, retryAfterSeconds: number): void {
    this.storm = { until: performance.now() + ms, retryAfterSeconds };
  }

  block(conversationId: string): void {
    this.blocked.add(baseConversationId(conversationId));
  }

  unblock(conversationId: string): void {
    this.blocked.delete(baseConversationId(conversationId));
  }

  forget(conversationId: string): void {
    this.forgotten.add(baseConversationId(conversationId));
  }

  // ---- roster ------------------------------------------------------------

  addTeam(team: Team): void {
    this.teams.set(team.id, { ...team, channels: [...team.channels], members: [...team.members] });
    for (const m of team.members) this.addMember(m);
  }

  addMember(m: Member): void {
    this.members.set(m.id, { ...m });
    this.personal.set(this.conversationIdFor(m.id), { ...m });
  }

  /** The 1:1 conversation id the emulator hands out for a user (by '29:' id or AAD object id), so tests can fake inbound activities from it. */
  conversationIdFor(memberId: string): string {
    const canonical = this.findMember(memberId)?.id ?? memberId;
    return `a:1${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
  }

  private findMember(idOrAad: string): Member | undefined {
    return this.members.get(idOrAad) ?? [...this.members.values()].find((m) => m.aadObjectId === idOrAad);
  }

  /** A team is addressed by its id (= General channel) or any of its channel ids. */
  private teamFor(conversationId: string): Team | undefined {
    const base = baseConversationId(conversationId);
    return this.teams.get(base) ?? [...this.teams.values()].find((t) => t.channels.some((c) => c.id === base));
  }

  private conversationMembers(conversationId: string): (Member | Account)[] {
    const team = this.teamFor(conversationId);
    if (team) return team.members;
    const user = this.personal.get(conversationId);
    return user ? [user] : [];
  }

  // ---- request pipeline --------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req).catch(() => '');
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: undefined,
      status: 0,
      at: Date.now(),
      headers: { ...req.headers },
    };
    let answer: Answer;
    try {
      answer = this.decide(call, raw);
    } catch (err) {
      answer = error(500, 'InternalServerError', `Emulator bug: ${String(err)}`);
    }
    call.status = answer.status;
    this.calls.push(call);
    await this.delay();
    this.respond(res, answer);
  }

  /** Everything that decides the answer happens synchronously here, at arrival. */
  private decide(call: RecordedCall, raw: string): Answer {
    const throttled = this.throttle();
    if (throttled) return throttled;

    const parsed = this.parse(call, raw);
    if ('status' in parsed) return parsed;
    const { route, exchange } = parsed;
    if (route.kind === 'unknown') return error(404, 'NotFound', `No route for ${call.method} ${call.path}`);

    if (FAULTABLE.has(route.kind)) {
      const fault = this.takeFault();
      if (fault) return faultAnswer(fault);
    }
    return this.dispatch(route, exchange);
  }

  /** Storm and rate cap apply to every request, GETs included, like Teams' per-bot throttling. */
  private throttle(): Answer | undefined {
    const now = performance.now();
    if (this.storm && now < this.storm.until) {
      return error(429, 'Throttled', 'Too many requests.', this.storm.retryAfterSeconds);
    }
    if (!this.cap) return undefined;
    this.admitted = this.admitted.filter((t) => now - t < 1000);
    const oldest = this.admitted[0];
    if (this.admitted.length >= this.cap.perSecond && oldest !== undefined) {
      const untilFree = Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
      return error(429, 'Throttled', 'Too many requests.', this.cap.retryAfterSeconds ?? untilFree);
    }
    this.admitted.push(now);
    return undefined;
  }

  private parse(call: RecordedCall, raw: string): Answer | { route: Route; exchange: Exchange } {
    // Not new URL(): a serviceUrl joined badly ('//v3/...') would be read as a host.
    const queryAt = call.path.indexOf('?');
    const pathname = queryAt === -1 ? call.path : call.path.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : call.path.slice(queryAt + 1));
    let segments: string[] | undefined;
    try {
      segments = v3Segments(pathname);
    } catch {
      return error(400, 'BadArgument', 'Malformed percent-encoding in path.');
    }
    const route = segments ? matchRoute(call.method, segments) : ({ kind: 'unknown' } as const);
    annotateIds(call, route);
    try {
      call.body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      call.body = raw;
      return error(400, 'BadArgument', 'Request body is not valid JSON.');
    }
    return { route, exchange: { body: call.body, query, call } };
  }

  private takeFault(): Fault | undefined {
    const queued = this.faultQueue.shift();
    if (queued) return queued;
    if (this.faultRate > 0 && this.random() < this.faultRate) {
      return this.rateFaults[Math.floor(this.random() * this.rateFaults.length)];
    }
    return undefined;
  }

  private dispatch(route: Exclude<Route, { kind: 'unknown' }>, ex: Exchange): Answer {
    switch (route.kind) {
      case 'create':
        return this.createConversation(ex);
      case 'send':
      case 'reply':
        return this.postActivity(route.conversationId, ex);
      case 'update':
        return this.updateActivity(route.conversationId, route.activityId, ex);
      case 'delete':
        return this.deleteActivity(route.conversationId, ex);
      case 'members':
        return (
          this.gone(route.conversationId) ?? {
            status: 200,
            body: this.conversationMembers(route.conversationId).map(memberJson),
          }
        );
      case 'member':
        return this.gone(route.conversationId) ?? this.getMember(route.conversationId, route.memberId);
      case 'pagedMembers':
        return this.gone(route.conversationId) ?? this.pagedMembers(route.conversationId, ex.query);
      case 'teamChannels':
        return this.teamChannels(route.teamId);
      case 'teamDetails':
        return this.teamDetails(route.teamId);
    }
  }

  /** A forgotten conversation no longer exists for any operation on it. */
  private gone(conversationId: string): Answer | undefined {
    if (!this.forgotten.has(baseConversationId(conversationId))) return undefined;
    return error(404, 'ConversationNotFound', 'Conversation not found.');
  }

  /** Writes are refused when the conversation is gone or the user blocked the bot. */
  private refuseWrite(conversationId: string): Answer | undefined {
    const gone = this.gone(conversationId);
    if (gone) return gone;
    if (!this.blocked.has(baseConversationId(conversationId))) return undefined;
    return error(403, 'ConversationBlockedByUser', BLOCKED_MESSAGE);
  }

  private nextActivityId(): string {
    this.activityCounter += 1;
    return `act-${this.activityCounter}`;
  }

  private postActivity(conversationId: string, ex: Exchange): Answer {
    if (!isObject(ex.body)) return error(400, 'BadArgument', 'Activity body must be a JSON object.');
    const refused = this.refuseWrite(conversationId);
    if (refused) return refused;
    const id = this.nextActivityId();
    ex.call.newActivityId = id;
    this.delivered.push({ kind: 'send', call: ex.call });
    return { status: 200, body: { id } };
  }

  private updateActivity(conversationId: string, activityId: string, ex: Exchange): Answer {
    if (!isObject(ex.body)) return error(400, 'BadArgument', 'Activity body must be a JSON object.');
    const refused = this.refuseWrite(conversationId);
    if (refused) return refused;
    this.delivered.push({ kind: 'update', call: ex.call });
    return { status: 200, body: { id: activityId } };
  }

  private deleteActivity(conversationId: string, ex: Exchange): Answer {
    const gone = this.gone(conversationId);
    if (gone) return gone;
    this.delivered.push({ kind: 'delete', call: ex.call });
    return { status: 200 };
  }

  /** POST /v3/conversations: a 1:1 chat with one user, or (channelData.channel.id) a new channel thread. */
  private createConversation(ex: Exchange): Answer {
    const body: unknown = ex.body;
    if (!isObject(body)) return error(400, 'BadArgument', 'Conversation parameters must be a JSON object.');
    const channelId = channelIdOf(body);
    if (channelId !== undefined) return this.createChannelThread(channelId, body, ex.call);

    const members = Array.isArray(body.members) ? (body.members as unknown[]) : [];
    const first = members[0];
    if (members.length !== 1 || !isObject(first) || typeof first.id !== 'string') {
      return error(400, 'BadArgument', 'A 1:1 conversation needs exactly one member with an id.');
    }
    const conversationId = this.conversationIdFor(first.id);
    ex.call.conversationId = conversationId;
    if (!this.personal.has(conversationId)) this.personal.set(conversationId, accountOf(first, first.id));
    if (isObject(body.activity)) {
      const refused = this.refuseWrite(conversationId);
      if (refused) return refused;
    }
    const status = this.created.has(conversationId) ? 200 : 201;
    this.created.add(conversationId);
    if (!isObject(body.activity)) return { status, body: { id: conversationId } };
    const activityId = this.nextActivityId();
    this.deliverInline(ex.call, conversationId, activityId, body.activity, status);
    return { status, body: { id: conversationId, activityId } };
  }

  /** Posting to a channel creates a thread whose conversation id is '<channel>;messageid=<first activity id>'. */
  private createChannelThread(channelId: string, body: Record<string, unknown>, call: RecordedCall): Answer {
    if (!isObject(body.activity)) return error(400, 'BadArgument', 'A new channel thread needs an activity.');
    const refused = this.refuseWrite(channelId);
    if (refused) return refused;
    const activityId = this.nextActivityId();
    const conversationId = `${channelId};messageid=${activityId}`;
    call.conversationId = conversationId;
    this.deliverInline(call, conversationId, activityId, body.activity, 201);
    return { status: 201, body: { id: conversationId, activityId } };
  }

  /** An activity carried inside a create call is a send in its own right; record a view whose body is the activity. */
  private deliverInline(
    call: RecordedCall,
    conversationId: string,
    activityId: string,
    activity: unknown,
    status: number,
  ): void {
    call.newActivityId = activityId;
    this.delivered.push({
      kind: 'send',
      call: { ...call, conversationId, body: activity, newActivityId: activityId, status },
    });
  }

  private getMember(conversationId: string, memberId: string): Answer {
    // Inside a team only its members count; elsewhere (1:1s, chats the test invented) any known user does.
    const team = this.teamFor(conversationId);
    const pool: (Member | Account)[] = team ? team.members : [...this.members.values(), ...this.personal.values()];
    // Teams looks a member up by Teams id, Entra object id or user principal name.
    const other = !this.memberLookupByTeamsIdOnly;
    const upn = (m: Member | Account) => ('userPrincipalName' in m ? m.userPrincipalName?.toLowerCase() : undefined);
    const found = pool.find(
      (m) => m.id === memberId || (other && (m.aadObjectId === memberId || upn(m) === memberId.toLowerCase())),
    );
    if (!found) return error(404, 'MemberNotFoundInConversation', 'The member could not be found in the conversation.');
    return { status: 200, body: memberJson(found) };
  }

  /** The continuation token is opaque to the bot; here it is just the base64 offset. */
  private pagedMembers(conversationId: string, query: URLSearchParams): Answer {
    const all = this.conversationMembers(conversationId);
    const requested = Number(query.get('pageSize') ?? DEFAULT_PAGE_SIZE);
    const pageSize =
      Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
    const token = query.get('continuationToken');
    const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > all.length) {
      return error(400, 'BadArgument', 'Invalid continuation token.');
    }
    const end = offset + pageSize;
    const body: { members: Record<string, unknown>[]; continuationToken?: string } = {
      members: all.slice(offset, end).map(memberJson),
    };
    if (end < all.length) body.continuationToken = Buffer.from(String(end)).toString('base64url');
    return { status: 200, body };
  }

  private teamChannels(teamId: string): Answer {
    const team = this.teams.get(teamId);
    if (!team) return error(404, 'NotFound', `Team ${teamId} not found.`);
    // Teams lists General first, with the team's own id and no name.
    const others = team.channels.filter((c) => c.id !== team.id).map((c) => ({ id: c.id, name: c.name }));
    return { status: 200, body: { conversations: [{ id: team.id, name: undefined }, ...others] } };
  }

  private teamDetails(teamId: string): Answer {
    const team = this.teams.get(teamId);
    if (!team) return error(404, 'NotFound', `Team ${teamId} not found.`);
    const aadGroupId = team.aadGroupId ?? fakeGuid(team.id);
    const channelCount = new Set([team.id, ...team.channels.map((c) => c.id)]).size;
    return {
      status: 200,
      body: { id: team.id, name: team.name, aadGroupId, channelCount, memberCount: team.members.length },
    };
  }

  // ---- output ------------------------------------------------------------

  private delay(): Promise<void> {
    if (this.latencyMs === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingTimers.delete(timer);
        resolve();
      }, this.latencyMs);
      this.pendingTimers.add(timer);
    });
  }

  private respond(res: ServerResponse, answer: Answer): void {
    if (res.destroyed) return;
    const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(payload === '' ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
      ...answer.headers,
    });
    res.end(payload);
  }
}

function annotateIds(call: RecordedCall, route: Route): void {
  if ('conversationId' in route) call.conversationId = route.conversationId;
  if ('activityId' in route) call.activityId = route.activityId;
}

/** Keep only the ChannelAccount fields of a stranger named in a create call. */
function accountOf(raw: Record<string, unknown>, id: string): Account {
  const account: Account = { id };
  if (typeof raw.name === 'string') account.name = raw.name;
  if (typeof raw.aadObjectId === 'string') account.aadObjectId = raw.aadObjectId;
  return account;
}

function channelIdOf(body: Record<string, unknown>): string | undefined {
  const channel = isObject(body.channelData) ? body.channelData.channel : undefined;
  return isObject(channel) && typeof channel.id === 'string' ? channel.id : undefined;
}

/** A stable GUID-shaped id so team details look real without the test inventing one. */
function fakeGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
