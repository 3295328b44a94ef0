import type { ResultsService, TeamRow, TeamView, WaveResult } from '../results';

// Bounds on what one process keeps: a view without comments is about a kilobyte, a wave's table of teams about half
// a kilobyte a team, so these stay under 10 MB (the app runs with a 160 MB heap).
const MAX_VIEWS = 5_000;
const MAX_TABLES = 40;

/**
 * Team results as the dashboard reads them, kept once read: a wave's team rows are written before its own row and
 * never changed after (results.md, "Stored"), so a team's view of a stored wave is the same on every request. A team's
 * trend over 24 waves is then one read per wave the first time only. Comments are not kept (they can be long): the
 * one wave whose comments a page shows is read afresh.
 */
export class KeptTeamResults {
  private readonly views = new Bounded<TeamView>(MAX_VIEWS);
  private readonly tables = new Bounded<TeamRow[]>(MAX_TABLES);

  constructor(private readonly results: Pick<ResultsService, 'teamView' | 'teamsTable'>) {}

  /** A team's view of a wave, without its comments. */
  async teamView(result: WaveResult, team: string): Promise<TeamView> {
    const key = `${result.waveId}\u0000${team}`;
    const kept = this.views.get(key);
    if (kept) return kept;
    const view = withoutComments(await this.results.teamView(result, team));
    this.views.set(key, view);
    return view;
  }

  /** A team's view of a wave with its comments, read from storage each time. */
  teamViewWithComments(result: WaveResult, team: string): Promise<TeamView> {
    return this.results.teamView(result, team);
  }

  /** A wave's table of teams (figures, no comments). */
  async teamsTable(result: WaveResult): Promise<TeamRow[]> {
    const kept = this.tables.get(result.waveId);
    if (kept) return kept;
    const table = await this.results.teamsTable(result);
    this.tables.set(result.waveId, table);
    return table;
  }
}

const withoutComments = (view: TeamView): TeamView => (view.kind === 'shown' ? { ...view, comments: {} } : view);

/** A map that forgets its oldest entry past `max` (insertion order: what was read first goes first). */
class Bounded<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly max: number) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T): void {
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
