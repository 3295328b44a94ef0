/**
 * The project's own turn type and the Teams facts read from it. Routes see a `Turn`, never botbuilder's TurnContext:
 * a move to the Teams SDK changes what fills a Turn (in this folder), not the routes that read one.
 */

/** A card as Teams takes it in an activity's attachments. */
export interface CardAttachment {
  contentType: string;
  content?: unknown;
}

/** An activity the bot sends in reply: a message with cards, or the answer to an invoke. */
export interface OutgoingActivity {
  type?: string;
  id?: string;
  attachments?: CardAttachment[];
  value?: unknown;
}

/** What routes read of the incoming activity. `channelData` is Teams' own bag: read it through `teamsFactsOf`. */
export interface TurnActivity {
  readonly type: string;
  readonly name?: string;
  readonly text?: string;
  readonly value?: unknown;
  readonly replyToId?: string;
  readonly action?: string;
  readonly serviceUrl: string;
  readonly from?: { readonly id: string; readonly name?: string; readonly aadObjectId?: string };
  readonly recipient?: { readonly id: string };
  readonly conversation: { readonly id: string; readonly conversationType?: string; readonly tenantId?: string };
  readonly channelData?: unknown;
  readonly membersAdded?: readonly { readonly id: string }[];
  readonly membersRemoved?: readonly { readonly id: string }[];
}

/** One turn as routes use it: the activity, and replying in (or updating a message of) its conversation. */
export interface Turn {
  readonly activity: TurnActivity;
  sendActivity(activity: OutgoingActivity): Promise<unknown>;
  updateActivity(activity: OutgoingActivity): Promise<unknown>;
}

/** A channel as Teams names it in an activity. For a private or shared channel `id` is its own id. */
export interface ChannelFacts {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
}

/**
 * Where in Teams an activity happened and what kind of install it is, typed: the tenant, the team (for a private
 * channel, its host team), the channel, and Teams' event type (`channelMemberAdded`, `teamMemberAdded`, ...).
 */
export interface TeamsFacts {
  readonly tenantId?: string;
  readonly team?: { readonly id?: string; readonly name?: string };
  readonly channel?: ChannelFacts;
  readonly eventType?: string;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Teams' `channelData` read field by field: only strings are taken, anything else reads as absent. */
export function teamsFactsOf(turn: Pick<Turn, 'activity'>): TeamsFacts {
  const data = record(turn.activity.channelData);
  if (!data) return {};
  const tenant = record(data.tenant);
  const team = record(data.team);
  const channel = record(data.channel);
  return {
    tenantId: text(tenant?.id),
    team: team && { id: text(team.id), name: text(team.name) },
    channel: channel && { id: text(channel.id), name: text(channel.name), type: text(channel.type) },
    eventType: text(data.eventType),
  };
}

/** Private and shared channels get the app channel by channel; installing it in the team does not put it there. */
export const joinedOneByOne = (type: string | undefined): type is 'private' | 'shared' =>
  type === 'private' || type === 'shared';

/**
 * Whether an install or uninstall is about the one channel it came from rather than the whole team: Teams says
 * `channelMemberAdded` / `channelMemberRemoved` when the bot is added to or removed from a private or shared channel
 * (a team install says `teamMemberAdded`), and names the channel's type.
 */
export function isAboutOneChannel(turn: Pick<Turn, 'activity'>): boolean {
  const { eventType, channel } = teamsFactsOf(turn);
  return eventType === 'channelMemberAdded' || eventType === 'channelMemberRemoved' || joinedOneByOne(channel?.type);
}

/** Whether the bot itself is among the members an update names (added or removed). */
export function botIsAmong(turn: Pick<Turn, 'activity'>, members: readonly { id: string }[] | undefined): boolean {
  return (members ?? []).some((m) => m.id === turn.activity.recipient?.id);
}
