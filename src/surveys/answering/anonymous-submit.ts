import type { TaggingSealer } from '../../platform/crypto';
import type { Log } from '../../platform/log';
import { randomId } from '../../platform/random';
import type { Marker, TableAnsweredMarkers } from './answered.store';
import { markerTags } from './person-tags';
import { RESPONSE_VERSION, sealResponse, type ResponseMessage } from './response-message';
import type { StorageResponseQueue } from './response.store';

/** What is sealed and queued for one anonymous answer (and, in a wave to teams, the team): never who gave it. */
export type AnonymousContent = Pick<ResponseMessage, 'answers' | 'about' | 'team'>;

/**
 * Exactly-once anonymous answers, for any question asked of a known audience (a survey wave, or "did it make a
 * difference?" on a published action): that someone answered goes on a marker under a keyed tag of partition and
 * person; what they answered goes on a queue sealed, under an id that is a keyed tag of a random ticket. A conditional
 * write puts the ticket on the marker before the answer is queued, and every retry or concurrent click reuses it, so
 * the mixer (which keeps one response per id) writes the answer once. Nothing written holds or is keyed by the person.
 */
export class AnonymousSubmit {
  constructor(
    private readonly deps: {
      markers: TableAnsweredMarkers;
      queue: StorageResponseQueue;
      keys: TaggingSealer;
      log: Log;
    },
  ) {}

  /** The tags a person's marker may be under: one per configured key, current first (see `markerTags`). */
  tagsOf(partition: string, aadObjectId: string): string[] {
    return markerTags(this.deps.keys, partition, aadObjectId);
  }

  /** The person's marker in a partition (`none` if they have not answered), read under all their tags. */
  marker(partition: string, aadObjectId: string): Promise<Marker> {
    return this.deps.markers.get(partition, this.tagsOf(partition, aadObjectId));
  }

  /**
   * Queues the answer once. `already-answered` if the marker says so (or moves there meanwhile). Throws when storage
   * is unavailable before the answer is queued: nothing is confirmed then, and a retry reuses the ticket.
   */
  async submit(marker: Marker, content: AnonymousContent): Promise<'queued' | 'already-answered'> {
    const ticket = await this.takeTicket(marker);
    if (ticket.kind === 'already-answered') return 'already-answered';
    const id = this.deps.keys.tag('response-id', ticket.marker.ticket!).slice(0, 32);
    await this.deps.queue.add(
      sealResponse({ v: RESPONSE_VERSION, id, wave: marker.waveId, ...content }, this.deps.keys, this.deps.queue.kind),
    );
    try {
      await this.deps.markers.move(ticket.marker, 'answered');
    } catch (error) {
      // The answer is safely queued; only the confirmation failed. The ticket is cleared at the final mix at the latest.
      this.deps.log.warn({ wave: marker.waveId, err: error }, 'answer queued but not confirmed on its marker');
    }
    return 'queued';
  }

  /** The marker's ticket: a new one by conditional write, or the one an interrupted or concurrent submit left. */
  private async takeTicket(marker: Marker): Promise<{ kind: 'ticket'; marker: Marker } | { kind: 'already-answered' }> {
    let current = marker;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (current.state === 'answered') return { kind: 'already-answered' };
      if (current.state === 'submitting' && current.ticket) return { kind: 'ticket', marker: current };
      const taken = await this.deps.markers.move(current, 'submitting', randomId(16));
      if (taken) return { kind: 'ticket', marker: taken };
      current = await this.deps.markers.get(marker.waveId, marker.tag);
    }
    throw new Error('Surveys: could not take an answer ticket: the marker kept changing');
  }
}
