import type { ResealCounts } from '../platform/reseal';
import type { AnswerKeys } from './answer.service';
import { markerTag, markerTags, type TableAnsweredMarkers } from './answered.store';
import type { TableRecipientStore } from './recipient.store';
import type { TableWaveStore } from './survey.store';

/**
 * Surveys' share of the re-seal job after a key rotation. Markers of open waves are moved to the current key's tag,
 * so the reminder, which looks only there, leaves out everyone who answered or declined under the previous key.
 * Answers waiting on the `responses` queue are not rewritten (the mixer takes them in batches and opens them with
 * any configured key): the waves that opened before the rotation are counted until their final write, because until
 * then the previous key is still needed.
 */
export class SurveyRekeyService {
  constructor(
    private readonly deps: {
      waves: TableWaveStore;
      recipients: TableRecipientStore;
      markers: TableAnsweredMarkers;
      keys: AnswerKeys;
      rotating: boolean;
    },
  ) {}

  /** Markers of open waves still under a previous key's tag, moved to the current key's. */
  async moveMarkers(): Promise<ResealCounts> {
    const counts = { checked: 0, resealed: 0, left: 0 };
    if (!this.deps.rotating) return counts;
    for (const wave of await this.deps.waves.open()) {
      // Only those the reminder would reach: everyone else's marker is found under any key's tag until the close.
      for await (const person of this.deps.recipients.nonResponders(wave.id, (p) => [
        markerTag(this.deps.keys, wave.id, p),
      ])) {
        counts.checked++;
        const moved = await this.deps.markers.rekey(wave.id, markerTags(this.deps.keys, wave.id, person));
        if (moved === 'moved') counts.resealed++;
        else if (moved === 'changed') counts.left++;
      }
    }
    return counts;
  }

  /** Waves that opened before the rotation (`since`) and have not had their final write: their answers may wait on the queue under the previous key. */
  async waitingWaves(since: Date): Promise<ResealCounts> {
    if (!this.deps.rotating) return { checked: 0, resealed: 0, left: 0 };
    const waves = [...(await this.deps.waves.open()), ...(await this.deps.waves.awaitingFinalMix())];
    return { checked: waves.length, resealed: 0, left: waves.filter((w) => w.opensAt <= since.toISOString()).length };
  }
}
