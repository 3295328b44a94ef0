import type { Core } from '../../core';
import type { ConversationDirectory, OutboxService, RosterService } from '../../delivery';
import type { PurgePart } from '../../platform/feature';
import type { Answering } from '../answering';
import type { Authoring, Survey, Wave } from '../authoring';
import { WavePurgeService, wavePurgePart, type WavePurgeCounts } from './wave-purge.service';
import { TableWavePurge } from './wave-purge.store';
import { WaveService } from './wave.service';

/** The wave lifecycle as surveys' assembly builds it: the service the job ticks, and its share of the purge. */
export interface Waves {
  readonly waves: WaveService;
  readonly purge: PurgePart<keyof WavePurgeCounts>;
}

export function assembleWaves(
  core: Core,
  deps: {
    authoring: Authoring;
    answering: Answering;
    outbox: OutboxService;
    roster: RosterService;
    conversations: ConversationDirectory;
    /** The outbox's records of a batch (delivery's rows), deleted with the wave. */
    batches: { deleteDeliveries(batch: string): Promise<number>; deleteCards(batch: string): Promise<number> };
    /** The line a survey's next wave card opens with, if any (for a card sent through `team`, with the team's). */
    lastTimeLine: (surveyId: string, team?: string) => Promise<string | undefined>;
    /** Keeps what must outlive a wave's responses (its result); falsy: the wave is kept for the next run. */
    keep: (survey: Survey, wave: Wave) => Promise<unknown>;
  },
): Waves {
  const { clock, log, keys, settings, storage } = core;
  const { authoring, answering } = deps;
  const { recipients, markers } = answering;
  const mixer = answering.mixer(answering.queue, answering.responses);
  const waves = new WaveService({
    ...{ ...authoring, recipients, markers, keys: keys.answers, mixer },
    ...{ outbox: deps.outbox, conversations: deps.conversations, roster: deps.roster, lastTimeLine: deps.lastTimeLine },
    ...{ clock, log, timeZone: settings.timeZone, minGroupSize: settings.minGroupSize },
  });
  const purge = new WavePurgeService({
    ...{ ...authoring, recipients, batches: deps.batches, log, storeResult: deps.keep },
    purge: new TableWavePurge({ responses: storage.table('responses'), answered: storage.table('answered') }),
  });
  return { waves, purge: wavePurgePart(purge) };
}
