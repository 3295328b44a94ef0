import type { Tagger } from '../../platform/crypto';
import type { ResealCounts } from '../../platform/reseal';
import type { TableAnsweredMarkers } from './answered.store';
import { markerTags } from './person-tags';
import type { TableRecipientStore } from './recipient.store';
import type { TableWaveStore } from '../authoring';

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
      keys: Tagger;
      rotating: boolean;
    },
  ) {}

  /**
   * Markers of open waves still under a previous key's tag, moved to the current key's. The job walks no order a
   * reader could tie to people: it works out in memory, from one scan of the wave's recipients, which current tag
   * each old tag becomes, scans the wave's markers once, and moves those it finds under an old tag, in the order of
   * the tags themselves. No request names a person beside a marker, and no marker is looked up person by person.
   */
  async moveMarkers(): Promise<ResealCounts> {
    const counts = { checked: 0, resealed: 0, left: 0 };
    if (!this.deps.rotating) return counts;
    for (const wave of await this.deps.waves.open()) {
      const renamed = new Map<string, string>();
      for await (const person of this.deps.recipients.everyone(wave.id)) {
        const [current, ...old] = markerTags(this.deps.keys, wave.id, person);
        for (const tag of old) renamed.set(tag, current!);
      }
      const markers = await this.deps.markers.all(wave.id);
      const byTag = new Map(markers.map((m) => [m.tag, m]));
      for (const m of markers) {
        const to = renamed.get(m.tag);
        if (!to) continue;
        counts.checked++;
        const moved = await this.deps.markers.moveTag(m, to, byTag.get(to));
        if (moved === 'moved') counts.resealed++;
        else counts.left++;
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
