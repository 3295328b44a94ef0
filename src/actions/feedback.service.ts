import { z } from 'zod';
import type { Clock } from '../platform/clock';
import type { Tagger } from '../platform/crypto';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import type { HeldLease } from '../platform/lease';
import type { AnonymousResponses, AnonymousSubmit, MarkerSweep, PhaseOf, ResponseMixer } from '../surveys';
import type { Action } from './action';
import { MAX_CARRIED, provenAsked, type AskedIn } from './asked-proofs';
import { isActionId, type TableActionStore } from './actions.store';
import {
  actionOfFeedbackId,
  FEEDBACK_CHOICES,
  FEEDBACK_QUESTION,
  feedbackIdOf,
  feedbackOpen,
  feedbackPhase,
  tallyOf,
  type FeedbackTally,
} from './feedback';

/** The actions a "You said, we did" card holds, as its buttons carry them: `<survey>.<action>.<p|d>`, comma-separated. */
export interface CardItemRef {
  readonly surveyId: string;
  readonly actionId: string;
  readonly event: 'published' | 'done';
}

const MAX_CARD_ITEMS = 20;
const itemsSchema = z
  .string()
  .max(MAX_CARD_ITEMS * 30)
  .transform((s, ctx) => {
    const refs: CardItemRef[] = [];
    for (const part of s.split(',')) {
      const m = /^([a-f0-9]{10})\.([a-f0-9]{12})\.([pd])$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom });
        return z.NEVER;
      }
      refs.push({ surveyId: m[1]!, actionId: m[2]!, event: m[3] === 'p' ? 'published' : 'done' });
    }
    return refs;
  });

const answerSchema = z.object({
  survey: z.string().regex(/^[a-f0-9]{10}$/),
  id: z.string().refine(isActionId),
  choice: z.enum(FEEDBACK_CHOICES),
  items: itemsSchema,
  /**
   * The card's proofs that its waves were sent to this person, and that they were asked through a team action's team
   * (asked-proofs.ts); without one the click is refused.
   */
  asked: z.string().max(MAX_CARRIED).optional(),
});

/**
 * Who an action's question is for: everyone asked in its wave, or for a team's action, everyone asked through the team
 * in it. Only ever checked against the proofs the person's card carries, never against a row keyed by them.
 */
const askedFor = (a: Action): AskedIn => ({ waveId: a.waveId, ...(a.team ? { team: a.team.id } : {}) });

/** Where one action on a person's card stands for them: they may answer, they have, or it is closed. */
export type FeedbackState = 'ask' | 'answered' | 'closed';

/** An action on a person's card, with where its question stands for them. */
export interface CardItem {
  readonly action: Action;
  readonly event: 'published' | 'done';
  readonly feedback: FeedbackState;
}

export type FeedbackOutcome =
  | { kind: 'invalid-card' }
  | { kind: 'not-found' }
  | { kind: 'not-asked'; items: CardItem[] }
  | { kind: 'out-of-date'; items: CardItem[] }
  | { kind: 'closed'; items: CardItem[] }
  | { kind: 'already-answered'; items: CardItem[] }
  | { kind: 'try-again'; items: CardItem[] }
  | { kind: 'recorded'; items: CardItem[] };

/**
 * "Did it make a difference?": staff answer a published action from their "You said, we did" card, as anonymously as
 * a survey answer (surveys' AnonymousSubmit: a keyed-tag marker, exactly once; the answer sealed on the `feedback`
 * queue; nothing written that holds or is keyed by the person; whether they were asked comes from the proofs their
 * card carries, or else their deliveries row, only read). The mixer writes the
 * answers to the `feedback` table in shuffled batches of at least k; leaders see the counts once k are written.
 */
export class FeedbackService {
  constructor(
    private readonly deps: {
      store: TableActionStore;
      submit: AnonymousSubmit;
      /** The survey answer keys, which made the proofs of sending the card carries. */
      keys: Tagger;
      markers: MarkerSweep;
      mixer: ResponseMixer;
      answers: AnonymousResponses;
      clock: Clock;
      log: Log;
      k: number;
      /** How long after the question closes its final write waits (answers clicked just before may still be on their way). */
      graceMs: number;
    },
  ) {}

  /** Records one person's answer, once. Every outcome but a bad card carries the card's items as they now stand. */
  async answer(caller: string | undefined, payload: Record<string, unknown>): Promise<FeedbackOutcome> {
    const parsed = answerSchema.safeParse(payload);
    if (!parsed.success || !isGuid(caller)) return { kind: 'invalid-card' };
    const { survey, id, choice, items } = parsed.data;
    const proven = provenAsked(this.deps.keys, parsed.data.asked, caller);
    if (!items.some((i) => i.surveyId === survey && i.actionId === id)) return { kind: 'invalid-card' };
    const action = await this.deps.store.get(survey, id);
    if (!action?.publishedAt) return { kind: 'not-found' };
    const card = () => this.cardItems(caller, items, proven);
    // No proof a configured key verifies: the card is out of date (or not theirs). Nothing keyed by the person is read
    // instead: their deliveries row, read beside their marker, would pair them with it in the storage request log.
    if (!proven(askedFor(action)))
      return { kind: parsed.data.asked ? 'not-asked' : 'out-of-date', items: await card() };
    if (!feedbackOpen(action, this.deps.clock.now())) return { kind: 'closed', items: await card() };
    try {
      const marker = await this.deps.submit.marker(feedbackIdOf(action), caller);
      if (marker.state === 'answered') return { kind: 'already-answered', items: await card() };
      const submitted = await this.deps.submit.submit(marker, { answers: { [FEEDBACK_QUESTION]: choice }, about: {} });
      return { kind: submitted === 'queued' ? 'recorded' : 'already-answered', items: await card() };
    } catch (error) {
      // Storage is unavailable: nothing is confirmed, and a retry reuses the marker's ticket.
      this.deps.log.warn(
        { action: id, err: error },
        'feedback not recorded: storage unavailable; the person was asked to try again',
      );
      return { kind: 'try-again', items: await this.cardItems(caller, items, proven).catch(() => []) };
    }
  }

  /**
   * The actions on a person's card with where each stands for them: published ones only, from a wave they were asked
   * in (for a team's action, asked through the team), as `proven` by their card (nothing, without it).
   */
  async cardItems(
    caller: string,
    refs: readonly CardItemRef[],
    proven: (asked: AskedIn) => boolean = () => false,
  ): Promise<CardItem[]> {
    const now = this.deps.clock.now();
    const out: CardItem[] = [];
    for (const ref of refs) {
      const action = await this.deps.store.get(ref.surveyId, ref.actionId);
      if (!action?.publishedAt || action.status === 'dropped' || !proven(askedFor(action))) continue;
      const marker = await this.deps.submit.marker(feedbackIdOf(action), caller);
      const feedback: FeedbackState =
        marker.state === 'answered' || marker.state === 'submitting'
          ? 'answered'
          : feedbackOpen(action, now)
            ? 'ask'
            : 'closed';
      out.push({ action, event: ref.event, feedback });
    }
    return out;
  }

  /** What leaders see for each published action: the tally of written answers, or nothing below k. */
  async tallies(actions: readonly Action[]): Promise<Map<string, FeedbackTally | undefined>> {
    const out = new Map<string, FeedbackTally | undefined>();
    for (const a of actions) {
      if (!a.publishedAt) continue;
      if (a.feedbackKept) {
        out.set(a.id, a.feedbackKept.tally); // kept before retention deleted the answers
        continue;
      }
      const choices: string[] = [];
      for await (const r of this.deps.answers.ofWave(feedbackIdOf(a))) choices.push(r.answers[FEEDBACK_QUESTION] ?? '');
      out.set(a.id, tallyOf(choices, this.deps.k));
    }
    return out;
  }

  /**
   * The scheduled job: writes waiting answers as the mixer allows, and makes the final write of every action whose
   * question closed more than the grace period ago (all waiting answers if at least k, else none), all under the
   * mixer's lease (no other run overlaps). Only when the whole queue was read is a final write complete: then each
   * such action, read again, gets its final rewrite exactly once: unless it records one already, the markers are
   * rewritten (tickets gone, timestamps of this moment) and the action records it on the ETag just read.
   */
  async mix(): Promise<void> {
    const now = this.deps.clock.now();
    let pending = new Map<string, Action>();
    const phases = async (): Promise<PhaseOf> => {
      pending = new Map((await this.deps.store.awaitingFeedbackMix()).map((a) => [feedbackIdOf(a), a]));
      return async (partition) => {
        if (pending.has(partition)) return feedbackPhase(pending.get(partition), now, this.deps.graceMs);
        const ref = actionOfFeedbackId(partition);
        const action = ref ? await this.deps.store.get(ref.surveyId, ref.actionId) : undefined;
        return feedbackPhase(action, now, this.deps.graceMs);
      };
    };
    const finish = async (lease: HeldLease) => {
      for (const [partition, { surveyId, id }] of pending) {
        const action = await this.deps.store.get(surveyId, id);
        if (feedbackPhase(action, now, this.deps.graceMs) !== 'final' || !lease.held()) continue;
        await this.deps.markers.sweepAtClose(partition);
        // A concurrent edit makes this miss: the next run finds it again and repeats the (idempotent) sweep.
        await this.deps.store.update(action!, { feedbackMixedAt: now.toISOString() });
      }
    };
    await this.deps.mixer.mix({ phases, finish });
  }
}
