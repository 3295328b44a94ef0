import type { ConversationDirectory } from '../delivery';
import type { RoleService } from '../people';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { isGuid } from '../platform/keys';
import { isReference, type Case } from './case';
import type { TableCaseMessageStore } from './case-message.store';
import type { TableCaseStore } from './case.store';
import { guardianPlaceRefusal, type Origin } from './origin';
import type { RelayService } from './relay.service';
import { LATEST_REPLIES, MAX_REFRESH_USERS, type CaseSummary, type GuardianView } from './case.cards';

/** What someone asking to open a case gets. */
export type OpenOutcome =
  | { kind: 'wrong-place'; ref?: string }
  | { kind: 'not-allowed' }
  | { kind: 'unknown-case' }
  /** Someone without the role, in a guardians' channel: what that channel shows everyone, and no more. */
  | { kind: 'summary'; summary: CaseSummary }
  | { kind: 'guardian'; view: GuardianView };

/**
 * The two views of a case card: the summary every member of a guardians' channel sees, and a guardian's own view
 * with the concern, who raised it and the actions. Only `view` opens anything sealed.
 */
export class CaseViewService {
  constructor(
    private readonly deps: {
      cases: TableCaseStore;
      messages: TableCaseMessageStore;
      relay: RelayService;
      roles: RoleService;
      conversations: ConversationDirectory;
      audit: TableAuditLog;
      clock: Clock;
      timeZone: string;
    },
  ) {}

  /** What the channel's message shows, and which guardians' clients refresh it to their own view. */
  async summary(c: Case): Promise<CaseSummary> {
    return { case: c, now: this.deps.clock.now(), timeZone: this.deps.timeZone, viewers: await this.viewers(c) };
  }

  /** A guardian's view: the concern and the reporter's latest replies opened, the reporter named unless anonymous. */
  async view(c: Case): Promise<GuardianView> {
    const messages = await this.deps.messages.messages(c.ref);
    const concern = messages.find((m) => m.kind === 'concern')?.text ?? '';
    const replies = messages
      .filter((m) => m.from === 'reporter' && m.kind === 'reply')
      .slice(-LATEST_REPLIES)
      .map((m) => ({ at: m.at, text: m.text }));
    return { ...(await this.summary(c)), reporterLabel: await this.deps.relay.reporterLabel(c), concern, replies };
  }

  /**
   * The caller's own view of a case card, for its refresh (automatic) and its "Open case" button (manual). Where it
   * comes from is checked first, then the role, from the caller's Entra id: whatever the card or the data say. Every
   * refusal is audited; so is a guardian opening a case by hand (automatic refreshes are not: clients send one each
   * time they show the card).
   */
  async open(
    viewer: { aadObjectId?: string },
    payload: Record<string, unknown>,
    origin: Origin,
    automatic: boolean,
  ): Promise<OpenOutcome> {
    const ref = isReference(payload.case) ? payload.case : undefined;
    const actor = isGuid(viewer.aadObjectId) ? viewer.aadObjectId.toLowerCase() : 'unknown';
    const audit = (outcome: 'done' | 'refused', detail?: string) =>
      this.deps.audit.record({
        scope: ref ?? 'admin',
        actor,
        action: 'case.view',
        outcome,
        ...(detail ? { detail } : {}),
      });
    const inGuardiansChannel =
      origin.type === 'channel' && (await this.deps.relay.isGuardiansChannel(origin.conversationId));
    const elsewhere = guardianPlaceRefusal(origin, inGuardiansChannel);
    if (elsewhere) {
      await audit('refused', elsewhere);
      return { kind: 'wrong-place', ref };
    }
    const guardian = await this.deps.roles.has(viewer.aadObjectId, 'guardian');
    // Outside a guardians' channel even the summary is more than someone without the role may see.
    if (!guardian && !inGuardiansChannel) {
      await audit('refused', 'caller is not a guardian');
      return { kind: 'not-allowed' };
    }
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c || !c.ready) {
      await audit('refused', 'unknown case');
      return { kind: 'unknown-case' };
    }
    if (!guardian) {
      await audit('refused', 'caller is not a guardian');
      return { kind: 'summary', summary: await this.summary(c) };
    }
    if (!automatic) await audit('done');
    return { kind: 'guardian', view: await this.view(c) };
  }

  /**
   * The Teams user ids (29:…) of the guardians whose clients refresh a case card by themselves: the case's assignee
   * first, then the guardians who acted on a case most recently, at most 60 (Teams' limit). A guardian the bot has
   * never had a 1:1 chat with has no known Teams id and is not listed; like the 61st, they use "Open case".
   */
  private async viewers(c: Case): Promise<string[]> {
    const guardians = await this.deps.roles.holdersOf('guardian');
    const assignee = c.assignee?.aadObjectId.toLowerCase();
    const ordered =
      assignee && guardians.includes(assignee) ? [assignee, ...guardians.filter((g) => g !== assignee)] : guardians;
    const ids: string[] = [];
    for (const id of ordered) {
      if (ids.length === MAX_REFRESH_USERS) break;
      const teamsId = (await this.deps.conversations.findUser(id))?.ref.userId;
      if (teamsId && !ids.includes(teamsId)) ids.push(teamsId);
    }
    return ids;
  }
}
