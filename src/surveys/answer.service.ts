import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../platform/clock';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import { checkAbout, checkAnswers, ABOUT_PREFIX, ANSWER_PREFIX } from './answers';
import type { Recipient, TableRecipientStore } from './recipient.store';
import { RESPONSE_VERSION } from './response-message';
import type { StorageResponseQueue } from './response.store';
import { describeTime, surveyIdOfWave, type Survey, type Wave } from './survey';
import { surveyCardView, type OpenForMe, type SurveyCardView } from './survey.cards';
import type { TableSurveyStore, TableWaveStore } from './survey.store';

/** Where a card action is meant to go: checked before anything is looked up. */
const routeSchema = z.object({
  wave: z.string().refine((w) => surveyIdOfWave(w) !== undefined),
  to: z.string().refine(isGuid),
});

/** Refusals shared by every staff action on a survey card. */
export type CardRefusal =
  | { kind: 'invalid-card' }
  | { kind: 'not-yours' }
  | { kind: 'unknown-wave' }
  | { kind: 'closed'; surveyName: string; closedOn: string }
  | { kind: 'not-recipient' }
  | { kind: 'already-answered'; surveyName: string };

export type AnswerOutcome =
  | CardRefusal
  | { kind: 'problems'; view: SurveyCardView; values: Record<string, string>; problems: string[] }
  | { kind: 'try-again'; view: SurveyCardView; values: Record<string, string> }
  | { kind: 'recorded'; surveyName: string };

export type DeclineOutcome = CardRefusal | { kind: 'declined'; surveyName: string };
export type ShowOutcome = CardRefusal | { kind: 'show'; view: SurveyCardView };

/**
 * Answering a wave. The person's answers go to the `responses` queue with a random id and no identity; their
 * deliveries row records only that they answered. Exactly once: a conditional write puts a random ticket on the
 * row before the answer is queued, every retry or concurrent click reuses that ticket as the response id, and the
 * mixer keeps one response per id. The ticket is cleared the moment the answer is safely queued.
 */
export class AnswerService {
  // Launched surveys by id: their questions and name never change after launch, and every answer needs them.
  private readonly launched = new Map<string, Survey>();

  constructor(
    private readonly deps: { surveys: TableSurveyStore; waves: TableWaveStore; recipients: TableRecipientStore; responses: StorageResponseQueue; clock: Clock; log: Log; timeZone: string; minGroupSize: number },
  ) {}

  async recordAnswer(caller: string | undefined, payload: Record<string, unknown>): Promise<AnswerOutcome> {
    const found = await this.find(caller, payload);
    if ('kind' in found) return found;
    const { survey, wave, recipient } = found;
    const view = () => this.viewOf(survey, wave, recipient.aadObjectId);
    if (recipient.answer === 'answered') return { kind: 'already-answered', surveyName: survey.name };

    const values = enteredValues(payload);
    const checked = checkAnswers(survey.questions, payload);
    const about = checkAbout(payload, survey);
    const problems = [...(checked.ok ? [] : checked.problems.map((p) => p.message)), ...(about.ok ? [] : [about.message])];
    if (!checked.ok || !about.ok) return { kind: 'problems', view: view(), values, problems };

    try {
      const ticket = await this.takeTicket(recipient);
      if (ticket.kind === 'already-answered') return { kind: 'already-answered', surveyName: survey.name };
      const day = this.deps.clock.now().toISOString().slice(0, 10);
      await this.deps.responses.add({ v: RESPONSE_VERSION, id: ticket.ticket, wave: wave.id, day, answers: checked.answers, about: about.about });
    } catch (error) {
      // Storage is unavailable: nothing is confirmed, the card keeps their answers, and a retry reuses the ticket.
      this.deps.log.warn({ wave: wave.id, err: error }, 'answer not recorded: storage unavailable; the person was asked to try again');
      return { kind: 'try-again', view: view(), values };
    }
    try {
      await this.deps.recipients.finishAnswer(wave.id, recipient.aadObjectId);
    } catch (error) {
      // The answer is safely queued; only the confirmation failed. The ticket is cleared at close at the latest.
      this.deps.log.warn({ wave: wave.id, err: error }, 'answer queued but not confirmed on its deliveries row');
    }
    return { kind: 'recorded', surveyName: survey.name };
  }

  async decline(caller: string | undefined, payload: Record<string, unknown>): Promise<DeclineOutcome> {
    const found = await this.find(caller, payload);
    if ('kind' in found) return found;
    let row: Recipient | undefined = found.recipient;
    for (let attempt = 0; attempt < 5 && row; attempt++) {
      if (row.answer === 'answered' || row.answer === 'submitting') return { kind: 'already-answered', surveyName: found.survey.name };
      if (row.answer === 'declined' || (await this.deps.recipients.decline(row))) return { kind: 'declined', surveyName: found.survey.name };
      row = await this.deps.recipients.get(row.waveId, row.aadObjectId);
    }
    throw new Error('Surveys: could not record "not this time": the row kept changing');
  }

  /** The card for a wave, brought up again from "What surveys are open for me?". */
  async show(caller: string | undefined, waveId: unknown): Promise<ShowOutcome> {
    const found = await this.find(caller, { wave: waveId, to: caller });
    if ('kind' in found) return found;
    if (found.recipient.answer === 'answered' || found.recipient.answer === 'submitting') return { kind: 'already-answered', surveyName: found.survey.name };
    return { kind: 'show', view: this.viewOf(found.survey, found.wave, found.recipient.aadObjectId) };
  }

  /** Waves open now that were sent to this person and that they have not answered. */
  async openFor(caller: string | undefined): Promise<OpenForMe[]> {
    if (!isGuid(caller)) return [];
    const now = this.deps.clock.now().toISOString();
    const out: OpenForMe[] = [];
    for (const wave of await this.deps.waves.open()) {
      if (wave.closesAt <= now) continue;
      const row = await this.deps.recipients.get(wave.id, caller);
      if (!row || row.answer === 'answered' || row.answer === 'submitting') continue;
      const survey = await this.deps.surveys.get(wave.surveyId);
      if (survey) out.push({ waveId: wave.id, surveyName: survey.name, closesOn: describeTime(wave.closesAt, this.deps.timeZone) });
    }
    return out;
  }

  /** The card's view of a wave for one recipient (also used by the admin preview). */
  viewOf(survey: Survey, wave: Pick<Wave, 'id' | 'closesAt'>, to: string): SurveyCardView {
    return surveyCardView(survey, wave, to, this.deps);
  }

  private async find(caller: string | undefined, payload: Record<string, unknown>): Promise<CardRefusal | { survey: Survey; wave: Wave; recipient: Recipient }> {
    const route = routeSchema.safeParse(payload);
    if (!route.success) return { kind: 'invalid-card' };
    if (!isGuid(caller) || route.data.to.toLowerCase() !== caller) return { kind: 'not-yours' };
    // The wave id names its survey, so the three reads go out together: one round trip to storage, not three.
    const [wave, survey, recipient] = await Promise.all([
      this.deps.waves.get(route.data.wave),
      this.surveyOf(surveyIdOfWave(route.data.wave)!),
      this.deps.recipients.get(route.data.wave, caller),
    ]);
    if (!wave || !survey) return { kind: 'unknown-wave' };
    if (wave.status !== 'open' || wave.closesAt <= this.deps.clock.now().toISOString()) {
      return { kind: 'closed', surveyName: survey.name, closedOn: describeTime(wave.closesAt, this.deps.timeZone) };
    }
    if (!recipient) return { kind: 'not-recipient' };
    return { survey, wave, recipient };
  }

  private async surveyOf(id: string): Promise<Survey | undefined> {
    const cached = this.launched.get(id);
    if (cached) return cached;
    const survey = await this.deps.surveys.get(id);
    if (survey && survey.status !== 'draft') this.launched.set(id, survey);
    return survey;
  }

  /** The row's ticket: a new one by conditional write, or the one an interrupted or concurrent submit left. */
  private async takeTicket(row: Recipient): Promise<{ kind: 'ticket'; ticket: string } | { kind: 'already-answered' }> {
    let current: Recipient | undefined = row;
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      if (current.answer === 'answered') return { kind: 'already-answered' };
      if (current.answer === 'submitting' && current.ticket) return { kind: 'ticket', ticket: current.ticket };
      const taken = await this.deps.recipients.beginAnswer(current, randomBytes(16).toString('hex'));
      if (taken?.ticket) return { kind: 'ticket', ticket: taken.ticket };
      current = await this.deps.recipients.get(row.waveId, row.aadObjectId);
    }
    throw new Error('Surveys: could not take an answer ticket: the deliveries row kept changing');
  }
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
