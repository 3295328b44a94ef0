import type { OutboxDraft, OutboxService } from '../delivery';
import { DAY_MS } from '../platform/calendar/durations';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import type { Survey, SurveyCatalogue, WaveHistory } from '../surveys';
import type { WaveResult } from './result';
import type { TableResultStore } from './result.store';
import type { ResultsService } from './results.service';
import type { ResultsView } from './survey-section.cards';
import { teamResultsCard, teamText } from './team.cards';
import { nameOr, teamCardData, teamTag, type TeamDirectory, type TeamLeads } from './team-lookup';

/**
 * How long after a wave's last answers are written the job still looks at it. Its cards go out within minutes; the
 * window only bounds the job's reads (older waves are not read at all) and keeps a job that was stopped for a long
 * time from sending stale cards when it starts again.
 */
export const ANNOUNCE_WITHIN_DAYS = 7;

/**
 * "Your team's results are ready": the job that sends each lead of each team a wave went through a card in their 1:1
 * chat, once a closed wave's result is settled (results.md, "When a team's results are ready"). Safe in two processes
 * and after a crash: each card has an outbox key of its own (the wave's batch, the team and the lead), so a second
 * run sends nothing twice, and the wave is marked announced (a conditional write) only after every card is queued.
 */
export class TeamAnnouncer {
  constructor(
    private readonly deps: {
      surveys: SurveyCatalogue;
      waves: WaveHistory;
      results: Pick<ResultsService, 'resultOf'>;
      store: Pick<TableResultStore, 'teamsOf' | 'markTeamsAnnounced'>;
      leads: Pick<TeamLeads, 'leadsOf'>;
      teams: TeamDirectory;
      outbox: Pick<OutboxService, 'enqueueMany'>;
      clock: Clock;
      log: Log;
      view: ResultsView;
      respondVerb: string;
    },
  ) {}

  /** Sends the lead cards of every settled wave with teams not announced yet; returns how many waves and cards. */
  async announceReady(): Promise<{ waves: number; cards: number }> {
    const now = this.deps.clock.now();
    const since = now.getTime() - ANNOUNCE_WITHIN_DAYS * DAY_MS;
    let waves = 0;
    let cards = 0;
    for (const survey of await this.deps.surveys.list())
      for (const wave of await this.deps.waves.ofSurvey(survey.id)) {
        // Settled: closed, and its last answers written (results wait for the same mark).
        if (wave.status !== 'closed' || !wave.mixedAt || Date.parse(wave.mixedAt) < since) continue;
        const result = await this.deps.results.resultOf(survey, wave);
        if (!result?.teams || result.teamsAnnouncedAt) continue;
        const { queued, missed } = await this.announce(survey, result);
        cards += queued;
        // A team whose leads Teams could not confirm is tried again at the next run, the others' keys skipped then.
        if (missed > 0) continue;
        await this.deps.store.markTeamsAnnounced(survey.id, wave.id, now);
        waves++;
      }
    if (cards > 0) this.deps.log.info({ waves, cards }, 'team results announced to leads');
    return { waves, cards };
  }

  /**
   * Queues one card per lead per team of the wave (teams without leads get none): how many were queued, and how many
   * teams were missed because Teams did not say who leads them now.
   */
  private async announce(survey: Survey, result: WaveResult): Promise<{ queued: number; missed: number }> {
    const missed = { teams: 0 };
    const drafts = this.drafts(survey, result, missed);
    const { enqueued } = await this.deps.outbox.enqueueMany(`teams-${result.waveId}`, drafts);
    return { queued: enqueued, missed: missed.teams };
  }

  /** The cards, a team at a time, so a wave through hundreds of teams never holds every card at once. */
  private async *drafts(survey: Survey, result: WaveResult, missed: { teams: number }): AsyncIterable<OutboxDraft> {
    for (const own of await this.deps.store.teamsOf(result.waveId)) {
      const leads = await this.leadsOf(own.team);
      if (!leads) missed.teams++;
      if (!leads?.length) continue;
      const name = nameOr(await this.deps.teams.findTeam(own.team));
      const data = teamCardData(survey, result, { teamId: own.team, name }, own, this.deps.view);
      const card = teamResultsCard(data, { kind: 'lead', respondVerb: this.deps.respondVerb });
      for (const lead of leads)
        yield {
          key: `${teamTag(own.team)}.${lead.aadObjectId}`,
          kind: 'team-results',
          to: { user: lead.aadObjectId },
          op: { type: 'send', card: { inline: card }, summary: `${teamText(name)}: your team's results` },
        };
    }
  }

  /** A team's leads now, or undefined when Teams did not answer for its roster (one team never holds up the rest). */
  private async leadsOf(teamId: string) {
    try {
      return await this.deps.leads.leadsOf(teamId);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'team results: the leads of a team could not be confirmed; tried again later');
      return undefined;
    }
  }
}
