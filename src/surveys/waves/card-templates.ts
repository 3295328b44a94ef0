import { createHash } from 'node:crypto';
import type { CardJson } from '../../platform/cards';

/** The template everyone's card in a batch shares, unless their team's actions open it with a line of its own. */
export const SURVEY_CARD = 'survey';

/**
 * A wave's survey card templates for one batch (the first send, or the reminder): the common one, opened with the
 * organisation's "Last time you told us …" line, and one for each team whose own actions add to that line, stored the
 * first time someone asked through the team is met. The fan-out stays a stream that reads each team's line once, and
 * the queue carries a template id per person, never a card. Teams without actions of their own share the common one.
 */
export class SurveyCardTemplates {
  private readonly byTeam = new Map<string, Promise<string>>();
  private common?: Promise<string | undefined>;

  constructor(
    private readonly deps: {
      batch: string;
      storeTemplate(batch: string, id: string, card: CardJson): Promise<void>;
      /** The stored template for a card opening with `line` (none: no line). */
      card(line: string | undefined): CardJson;
      /** The line for cards sent through `team` (none: everyone else's), from actions. */
      line?(team?: string): Promise<string | undefined>;
    },
  ) {}

  /** The template for someone asked through `team` (or through none): its id, stored before it is first named. */
  async templateFor(team?: string): Promise<string> {
    const common = await (this.common ??= this.storeCommon());
    if (!team || !this.deps.line) return SURVEY_CARD;
    let id = this.byTeam.get(team);
    if (!id) {
      id = this.storeTeam(team, common);
      this.byTeam.set(team, id);
    }
    return id;
  }

  private async storeCommon(): Promise<string | undefined> {
    const line = await this.deps.line?.();
    await this.deps.storeTemplate(this.deps.batch, SURVEY_CARD, this.deps.card(line));
    return line;
  }

  private async storeTeam(team: string, common: string | undefined): Promise<string> {
    const line = await this.deps.line!(team);
    if (line === common) return SURVEY_CARD;
    // Named by a hash of the team id: the same team gets the same template when a cut-short fan-out is resumed.
    const id = `${SURVEY_CARD}-${createHash('sha256').update(team).digest('hex').slice(0, 16)}`;
    await this.deps.storeTemplate(this.deps.batch, id, this.deps.card(line));
    return id;
  }
}
