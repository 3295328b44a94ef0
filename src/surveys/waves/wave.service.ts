import type { ConversationDirectory, OutboxDraft, OutboxService, RosterService } from '../../delivery';
import { MINUTE_MS } from '../../platform/calendar/durations';
import type { Clock } from '../../platform/clock';
import type { Tagger } from '../../platform/crypto';
import type { Log } from '../../platform/log';
import {
  askedProof,
  markerTags,
  teamProof,
  type Asked,
  type ResponseMixer,
  type TableAnsweredMarkers,
  type TableRecipientStore,
} from '../answering';
import {
  nextOpening,
  type OpenOutcome,
  type Survey,
  surveyCardTemplate,
  surveyCardView,
  type TableSurveyStore,
  type TableWaveStore,
  type Wave,
  waveIdOf,
  waveTimes,
} from '../authoring';
import { audienceOf, recipientsOf } from './audience';
import { SurveyCardTemplates } from './card-templates';
import { mixWaveAnswers } from './wave-mix';

/** The reminder goes out as its own batch, so the wave's progress counts only the survey cards. */
export const reminderBatchOf = (waveId: string) => `${waveId}-r`;

/**
 * The life of a wave: open (on cadence or "launch now") → fan out through the outbox, one deliveries row per
 * recipient → remind non-responders once → close on time, flush the mixer and wipe answer timestamps. Every step is
 * safe to repeat: wave ids are fixed by number, outbox keys are recipient ids, and state changes are conditional.
 */
export class WaveService {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      surveys: TableSurveyStore;
      waves: TableWaveStore;
      recipients: TableRecipientStore;
      markers: TableAnsweredMarkers;
      keys: Tagger;
      outbox: OutboxService;
      conversations: ConversationDirectory;
      roster: RosterService;
      mixer: ResponseMixer;
      clock: Clock;
      log: Log;
      timeZone: string;
      minGroupSize: number;
      /** The "Last time you told us … . Since then: …" line for a survey's next wave (from actions), if any: `team`, for a card sent through it. */
      lastTimeLine?: (surveyId: string, team?: string) => Promise<string | undefined>;
    },
  ) {}

  /** The scheduled job (every minute): open due waves, finish fan-outs, remind, close, and mix answers. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    for (const survey of await this.deps.surveys.due(now)) {
      const opened = await this.openNext(survey);
      if (opened.kind === 'audience-too-small') await this.skipOpening(survey, opened.reachable);
    }
    for (const wave of await this.deps.waves.open()) {
      if (!wave.fannedOut && (!wave.fanOutUntil || wave.fanOutUntil <= now.toISOString())) {
        // The opener's fan-out stopped part-way (a crash): one process takes it over and resumes it.
        const claimed = await this.deps.waves.update(wave, { fanOutUntil: this.fanOutDeadline() });
        if (claimed) await this.fanOut(claimed);
      }
      if (wave.closesAt <= now.toISOString()) await this.close(wave);
      else if (wave.remindAt && wave.remindAt <= now.toISOString() && !wave.reminded) await this.remind(wave);
    }
    await this.mixAnswers();
  }

  /** Writes waiting answers, and makes the final write of waves closed for longer than the grace period (wave-mix.ts). */
  mixAnswers(): Promise<void> {
    return mixWaveAnswers(this.deps);
  }

  /** A scheduled opening whose audience is under k: not opened (nobody is asked), and the next one is scheduled. */
  private async skipOpening(survey: Survey, reachable: number): Promise<void> {
    const next = nextOpening(survey, this.deps.clock.now(), this.deps.timeZone);
    await this.deps.surveys.update(survey, {
      nextOpenAt: next?.toISOString(),
      ...(next ? {} : { status: 'ended' as const }),
    });
    this.deps.log.warn(
      { survey: survey.id, reachable, k: this.deps.minGroupSize },
      'wave not opened: fewer people can be reached than the minimum group size',
    );
  }

  /**
   * How many of the survey's audience can be reached, counted only up to k: enough to know whether a wave may open.
   * A wave sent to fewer than k people could never be anonymous to those who know who was asked.
   */
  async reachableUpTo(survey: Survey, k: number, at: Date): Promise<number> {
    if (survey.audience.kind === 'everyone') {
      // People with an active chat usually settle it at once, without reaching every team's members first.
      let active = 0;
      for await (const user of this.deps.conversations.users())
        if (user.status === 'active' && ++active >= k) return active;
    }
    const seen = new Set<string>();
    for await (const { person } of audienceOf(survey, at, this.deps)) {
      seen.add(person);
      if (seen.size >= k) break;
    }
    return seen.size;
  }

  /**
   * Opens the survey's next wave now and sends it. The wave id is fixed by its number, so a process that crashed
   * half-way (or a second process) finds the same wave and carries on rather than opening another.
   */
  async openNext(survey: Survey): Promise<OpenOutcome> {
    const now = this.deps.clock.now();
    const k = this.deps.minGroupSize;
    const reachable = await this.reachableUpTo(survey, k, now);
    if (reachable < k) return { kind: 'audience-too-small', reachable, k };
    const number = survey.waveCount + 1;
    const { closesAt, remindAt } = waveTimes(now, survey, this.deps.timeZone);
    const id = waveIdOf(survey.id, number);
    const draft = {
      id,
      surveyId: survey.id,
      number,
      opensAt: now.toISOString(),
      closesAt: closesAt.toISOString(),
      remindAt: remindAt?.toISOString(),
      status: 'open' as const,
      recipients: 0,
      fannedOut: false,
      fanOutUntil: this.fanOutDeadline(),
      reminded: false,
    };
    const created = await this.deps.waves.create(draft);
    const wave = created ?? (await this.deps.waves.get(id));
    if (!wave) throw new Error(`Surveys: wave ${id} could neither be created nor read`);
    const next = nextOpening(survey, now, this.deps.timeZone);
    const moved = await this.deps.surveys.update(survey, {
      waveCount: number,
      status: 'active',
      nextOpenAt: next?.toISOString(),
    });
    if (!created) return moved ? { kind: 'opened', wave } : { kind: 'taken' }; // another process opened it and is sending it
    this.deps.log.info({ survey: survey.id, wave: wave.id }, 'wave opened');
    // Not awaited: a fan-out to thousands takes minutes, and an admin's "Launch now" must answer within Teams'
    // invoke timeout. If this process stops first, a later tick takes the fan-out over once its claim lapses.
    this.inBackground(this.fanOut(created, survey));
    return { kind: 'opened', wave: created };
  }

  /** Waits for fan-outs this process started (shutdown, tests), at most `graceMs` when given. */
  async idle(graceMs?: number): Promise<void> {
    const done = Promise.all([...this.running]);
    if (graceMs === undefined) return void (await done);
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }

  private inBackground(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) =>
      this.deps.log.error({ err: error }, 'wave fan-out failed; a later tick resumes it'),
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  // Long enough for a fan-out to 20,000 people; a later tick resumes it if this process died first.
  private fanOutDeadline(): string {
    return new Date(this.deps.clock.now().getTime() + 30 * MINUTE_MS).toISOString();
  }

  /** Sends the wave's card to its audience, a page at a time. Resumable: recipients already queued are skipped. */
  async fanOut(wave: Wave, known?: Survey): Promise<void> {
    const survey = known ?? (await this.deps.surveys.get(wave.surveyId));
    if (!survey) throw new Error(`Surveys: wave ${wave.id} has no survey`);
    const drafts = this.drafts(
      wave.id,
      recipientsOf(survey, new Date(wave.opensAt), this.deps),
      `A short pulse survey: ${survey.name}`,
      survey.audience.kind === 'teams',
      this.templates(wave.id, survey, wave),
    );
    const { enqueued } = await this.deps.outbox.enqueueMany(wave.id, drafts);
    const recipients = (await this.deps.recipients.progress(wave.id)).recipients;
    const current = (await this.deps.waves.get(wave.id)) ?? wave;
    await this.deps.waves.update(current, { fannedOut: true, recipients });
    this.deps.log.info({ wave: wave.id, enqueued, recipients }, 'wave fanned out');
  }

  /** Sends the survey card once more to everyone it reached who has neither answered nor declined. */
  async remind(wave: Wave): Promise<number> {
    const survey = await this.deps.surveys.get(wave.surveyId);
    if (!survey) return 0;
    const batch = reminderBatchOf(wave.id);
    const tagsOf = (person: string) => markerTags(this.deps.keys, wave.id, person);
    const { enqueued } = await this.deps.outbox.enqueueMany(
      batch,
      this.drafts(
        wave.id,
        this.deps.recipients.nonResponders(wave.id, tagsOf),
        `Reminder: ${survey.name}`,
        survey.audience.kind === 'teams',
        this.templates(batch, survey, wave, true),
      ),
    );
    const current = (await this.deps.waves.get(wave.id)) ?? wave;
    await this.deps.waves.update(current, { reminded: true });
    this.deps.log.info({ wave: wave.id, reminded: enqueued }, 'wave reminder sent');
    return enqueued;
  }

  /**
   * Closes a wave: no answer is accepted after this. Its last answers are written by the scheduled job once the grace
   * period has passed (`mixAnswers`), never here: a close from an admin's click must not write a batch on its own
   * while the job holds part of the queue. A once-only survey ends.
   */
  async close(wave: Wave): Promise<Wave | undefined> {
    const closed =
      wave.status === 'closed'
        ? wave
        : await this.deps.waves.update(wave, { status: 'closed', closedAt: this.deps.clock.now().toISOString() });
    if (!closed) return undefined;
    const survey = await this.deps.surveys.get(wave.surveyId);
    if (survey && survey.cadence === 'once' && survey.status !== 'ended')
      await this.deps.surveys.update(survey, { status: 'ended', nextOpenAt: undefined });
    this.deps.log.info({ wave: wave.id }, 'wave closed');
    return closed;
  }

  /** A batch's card templates: the common one and, for teams whose own actions open their cards, one each. */
  private templates(batch: string, survey: Survey, wave: Wave, reminder = false): SurveyCardTemplates {
    const { lastTimeLine } = this.deps;
    return new SurveyCardTemplates({
      batch,
      storeTemplate: (b, id, card) => this.deps.outbox.storeTemplate(b, id, card),
      card: (sinceLastTime) =>
        surveyCardTemplate(surveyCardView(survey, wave, '', { ...this.deps, reminder, sinceLastTime })),
      ...(lastTimeLine ? { line: (team?: string) => lastTimeLine(survey.id, team) } : {}),
    });
  }

  /**
   * One card per person. In a wave to teams each card carries the team its person is asked through (empty if the wave
   * records none for them) with a keyed proof binding it to them, opens with that team's actions if it has any (its
   * template), is sealed on the queue (nothing there pairs a team with a person), and its delivery row keeps the team
   * (`via`), as the roster says anyway, for the reminder.
   */
  private async *drafts(
    waveId: string,
    recipients: AsyncIterable<Asked>,
    summary: string,
    byTeam: boolean,
    templates: SurveyCardTemplates,
  ): AsyncIterable<OutboxDraft> {
    const { keys } = this.deps;
    for await (const { person, team } of recipients) {
      const data = {
        ...{ to: person, asked: askedProof(keys, waveId, person) },
        ...(byTeam ? { team: team ?? '', teamProof: team ? teamProof(keys, waveId, person, team) : '' } : {}),
      };
      const template = await templates.templateFor(team);
      yield {
        key: person,
        kind: 'survey',
        to: { user: person },
        op: { type: 'send', card: { template, data }, summary },
        ...(byTeam ? { private: true } : {}),
        ...(team ? { via: team } : {}),
      };
    }
  }
}
