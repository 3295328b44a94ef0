import { z } from 'zod';
import { describeTime } from '../../platform/calendar/local-time';
import type { Clock } from '../../platform/clock';
import type { TaggingSealer } from '../../platform/crypto';
import { isGuid } from '../../platform/keys';
import type { Log } from '../../platform/log';
import {
  ABOUT_PREFIX,
  ANSWER_PREFIX,
  checkAbout,
  checkAnswers,
  type OpenForMe,
  type Survey,
  surveyCardView,
  type SurveyCardView,
  surveyIdOfWave,
  type TableSurveyStore,
  type TableWaveStore,
  type Wave,
} from '../authoring';
import { AnonymousSubmit } from './anonymous-submit';
import type { Marker, TableAnsweredMarkers } from './answered.store';
import { askedProof, isAskedProof, isTeamProof, markerTags, teamProof } from './person-tags';
import type { Recipient, TableRecipientStore } from './recipient.store';
import { TEAM_ID } from './response-message';
import type { StorageResponseQueue } from './response.store';

// A wave to teams fills a card's team slots with '' for someone it records no team for: the same as no team.
const absentIfEmpty = (value: unknown) => (value === '' ? undefined : value);

/** Where a card action is meant to go: checked before anything is looked up. */
const routeSchema = z.object({
  wave: z.string().refine((w) => surveyIdOfWave(w) !== undefined),
  to: z.string().refine(isGuid),
  /**
   * The keyed proof the card was sent to `to` (person-tags.ts's askedProof). Without one a configured key verifies,
   * the card is refused as out of date: the person's deliveries row is never read instead.
   */
  asked: z.string().max(100).optional(),
  /**
   * The team the card was sent through (a wave to chosen teams), and the keyed proof binding it to `to`
   * (person-tags.ts's teamProof). A team whose proof does not verify is refused like a bad `asked`: out of date.
   */
  team: z.preprocess(absentIfEmpty, z.string().regex(TEAM_ID).optional()),
  teamProof: z.preprocess(absentIfEmpty, z.string().max(100).optional()),
});

/** Refusals shared by every staff action on a survey card. */
export type CardRefusal =
  | { kind: 'invalid-card' }
  | { kind: 'not-yours' }
  | { kind: 'out-of-date' }
  | { kind: 'unknown-wave' }
  | { kind: 'closed'; surveyName: string; closedOn: string }
  | { kind: 'already-answered'; surveyName: string };

export type AnswerOutcome =
  | CardRefusal
  | { kind: 'problems'; view: SurveyCardView; values: Record<string, string>; problems: string[] }
  | { kind: 'try-again'; view: SurveyCardView; values: Record<string, string> }
  | { kind: 'recorded'; surveyName: string };

export type DeclineOutcome = CardRefusal | { kind: 'declined'; surveyName: string };
export type ShowOutcome = CardRefusal | { kind: 'show'; view: SurveyCardView };

/**
 * Answering a wave, writing nothing keyed by or holding the person's identity: their answers go to the `responses`
 * queue sealed, with a random id; that they answered goes on a marker under a keyed tag of wave and person; their
 * `deliveries` row is only read. Exactly once: a conditional write puts a random ticket on the marker before the
 * answer is queued, every retry or concurrent click reuses it, the response id is a keyed tag of the ticket (so even
 * a ticket left by an interrupted submit does not name a response to a reader of storage), and the mixer keeps one
 * response per id. The ticket is cleared the moment the answer is safely queued.
 */
export class AnswerService {
  // Launched surveys by id: their questions and name never change after launch, and every answer needs them.
  private readonly launched = new Map<string, Survey>();
  private readonly submitter: AnonymousSubmit;

  constructor(
    private readonly deps: {
      surveys: TableSurveyStore;
      waves: TableWaveStore;
      recipients: TableRecipientStore;
      markers: TableAnsweredMarkers;
      responses: StorageResponseQueue;
      keys: TaggingSealer;
      clock: Clock;
      log: Log;
      timeZone: string;
      minGroupSize: number;
    },
  ) {
    this.submitter = new AnonymousSubmit({
      markers: deps.markers,
      queue: deps.responses,
      keys: deps.keys,
      log: deps.log,
    });
  }

  async recordAnswer(caller: string | undefined, payload: Record<string, unknown>): Promise<AnswerOutcome> {
    // The marker is not read first: the ticket step creates it, and only a conflict reads it (one call fewer for
    // nearly every answer; an answer already given is found there). During a key rotation its old tags are read.
    const found = await this.find(caller, payload, false);
    if ('kind' in found) return found;
    const { survey, wave, recipient, marker, team } = found;
    const view = () => this.viewOf(survey, wave, recipient.aadObjectId, team);
    // A marker still `submitting` is reused below (its ticket); a row left `submitting` by the previous release may
    // already have its answer queued under another id, so it counts as answered.
    if (marker.state === 'answered' || recipient.legacyAnswer === 'answered' || recipient.legacyAnswer === 'submitting')
      return { kind: 'already-answered', surveyName: survey.name };

    const values = enteredValues(payload);
    const checked = checkAnswers(survey.questions, payload);
    const about = checkAbout(payload, survey);
    const problems = [
      ...(checked.ok ? [] : checked.problems.map((p) => p.message)),
      ...(about.ok ? [] : [about.message]),
    ];
    if (!checked.ok || !about.ok) return { kind: 'problems', view: view(), values, problems };

    try {
      const content = { answers: checked.answers, about: about.about, ...(team ? { team } : {}) };
      const submitted = await this.submitter.submit(marker, content);
      if (submitted === 'already-answered') return { kind: 'already-answered', surveyName: survey.name };
    } catch (error) {
      // Storage is unavailable: nothing is confirmed, the card keeps their answers, and a retry reuses the ticket.
      this.deps.log.warn(
        { wave: wave.id, err: error },
        'answer not recorded: storage unavailable; the person was asked to try again',
      );
      return { kind: 'try-again', view: view(), values };
    }
    return { kind: 'recorded', surveyName: survey.name };
  }

  async decline(caller: string | undefined, payload: Record<string, unknown>): Promise<DeclineOutcome> {
    const found = await this.find(caller, payload);
    if ('kind' in found) return found;
    if (hasAnswered(found.recipient, found.marker)) return { kind: 'already-answered', surveyName: found.survey.name };
    let marker = found.marker;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (marker.state === 'answered' || marker.state === 'submitting')
        return { kind: 'already-answered', surveyName: found.survey.name };
      if (marker.state === 'declined' || (await this.deps.markers.move(marker, 'declined')))
        return { kind: 'declined', surveyName: found.survey.name };
      marker = await this.deps.markers.get(marker.waveId, marker.tag);
    }
    throw new Error('Surveys: could not record "not this time": the marker kept changing');
  }

  /**
   * The card for a wave, brought up again from "What surveys are open for me?": the button carries the proof of
   * sending, so this turn reads the person's marker (an anonymous key) and nothing keyed by who they are.
   */
  async show(caller: string | undefined, payload: Record<string, unknown>): Promise<ShowOutcome> {
    const found = await this.find(caller, payload);
    if ('kind' in found) return found;
    if (hasAnswered(found.recipient, found.marker)) return { kind: 'already-answered', surveyName: found.survey.name };
    return { kind: 'show', view: this.viewOf(found.survey, found.wave, found.recipient.aadObjectId, found.team) };
  }

  /**
   * Waves open now that were sent to this person, each with the proof of sending its button carries. Only their
   * deliveries rows are read, never a marker: a turn that read both would pair who they are with their marker in the
   * request log. So the list cannot leave out what they answered; the card says so when it is opened.
   */
  async openFor(caller: string | undefined): Promise<OpenForMe[]> {
    if (!isGuid(caller)) return [];
    const now = this.deps.clock.now().toISOString();
    const open = (await this.deps.waves.open()).filter((w) => w.closesAt > now);
    const rows = await Promise.all(open.map((w) => this.deps.recipients.get(w.id, caller)));
    const out: OpenForMe[] = [];
    for (const [i, wave] of open.entries()) {
      const row = rows[i];
      // A row the previous release marked answered says so itself (no marker read).
      if (!row || row.legacyAnswer === 'answered' || row.legacyAnswer === 'submitting') continue;
      const survey = await this.surveyOf(wave.surveyId);
      if (survey)
        out.push({
          waveId: wave.id,
          to: caller,
          asked: askedProof(this.deps.keys, wave.id, caller),
          // The team their card came through: their own deliveries row says it, read in this turn anyway.
          ...(row.team ? { team: row.team, teamProof: teamProof(this.deps.keys, wave.id, caller, row.team) } : {}),
          surveyName: survey.name,
          closesOn: describeTime(wave.closesAt, this.deps.timeZone),
        });
    }
    return out;
  }

  /** The card's view of a wave for one recipient, with the team it was sent through if any (also the admin preview). */
  viewOf(survey: Survey, wave: Pick<Wave, 'id' | 'closesAt'>, to: string, team?: string): SurveyCardView {
    const { keys } = this.deps;
    return {
      ...surveyCardView(survey, wave, to, this.deps),
      asked: askedProof(keys, wave.id, to),
      ...(team ? { team, teamProof: teamProof(keys, wave.id, to, team) } : {}),
    };
  }

  /**
   * The tags a person's marker for a wave may be under: keyed HMACs, so storage alone cannot say whose it is. One per
   * configured key, current first (new markers go there); more than one only during a key rotation.
   */
  tagsOf(waveId: string, aadObjectId: string): string[] {
    return markerTags(this.deps.keys, waveId, aadObjectId);
  }

  private async find(
    caller: string | undefined,
    payload: Record<string, unknown>,
    readMarker = true,
  ): Promise<CardRefusal | { survey: Survey; wave: Wave; recipient: Recipient; marker: Marker; team?: string }> {
    const route = routeSchema.safeParse(payload);
    if (!route.success) return { kind: 'invalid-card' };
    if (!isGuid(caller) || route.data.to.toLowerCase() !== caller) return { kind: 'not-yours' };
    const tags = this.tagsOf(route.data.wave, caller);
    // Whether the wave was sent to this person comes only from the proof their card carries: their deliveries row is
    // never read here (a storage request log would show that read, keyed by who they are, beside their marker). A card
    // without a proof any configured key made (one from before proofs, or after its key was removed) is out of date:
    // refused, with the way to a fresh one.
    if (route.data.asked === undefined || !isAskedProof(this.deps.keys, route.data.wave, caller, route.data.asked))
      return { kind: 'out-of-date' };
    // The team, likewise, only from the card's own proof: a person cannot move their answer into another team.
    const { team } = route.data;
    if (team !== undefined && !isTeamProof(this.deps.keys, route.data.wave, caller, team, route.data.teamProof ?? ''))
      return { kind: 'out-of-date' };
    const recipient: Recipient = { waveId: route.data.wave, aadObjectId: caller, delivery: 'sent' };
    // The wave id names its survey, so the reads go out together: one round trip to storage.
    const [wave, survey, marker] = await Promise.all([
      this.deps.waves.recent(route.data.wave),
      this.surveyOf(surveyIdOfWave(route.data.wave)!),
      // Not read: `none` under the current tag, unless a previous key's tag has one (a rotation is under way).
      this.deps.markers.get(route.data.wave, readMarker ? tags : tags.slice(1), tags[0]),
    ]);
    if (!wave || !survey) return { kind: 'unknown-wave' };
    if (wave.status !== 'open' || wave.closesAt <= this.deps.clock.now().toISOString()) {
      return { kind: 'closed', surveyName: survey.name, closedOn: describeTime(wave.closesAt, this.deps.timeZone) };
    }
    return { survey, wave, recipient, marker, ...(team ? { team } : {}) };
  }

  private async surveyOf(id: string): Promise<Survey | undefined> {
    const cached = this.launched.get(id);
    if (cached) return cached;
    const survey = await this.deps.surveys.get(id);
    if (survey && survey.status !== 'draft') this.launched.set(id, survey);
    return survey;
  }
}

/** Whether the person has answered (or, with `only`, is in that state), by their marker or a pre-marker row. */
function hasAnswered(recipient: Recipient, marker: Marker, only?: 'answered'): boolean {
  const states = only ? [only] : ['answered', 'submitting'];
  return (
    states.includes(marker.state) || (recipient.legacyAnswer !== undefined && states.includes(recipient.legacyAnswer))
  );
}

/** What the person entered, to put back on the card if it comes back with a problem. */
function enteredValues(payload: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries(payload)) {
    if (typeof value !== 'string' || value.length > 1000) continue;
    if (field.startsWith(ANSWER_PREFIX)) values[field.slice(ANSWER_PREFIX.length)] = value;
    else if (field.startsWith(ABOUT_PREFIX)) values[field] = value;
  }
  return values;
}
