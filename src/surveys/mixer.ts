import { randomInt } from 'node:crypto';
import type { Log } from '../platform/log';
import { parseResponseMessage, type ResponseMessage } from './response-message';
import type { HeldResponse, StorageResponseQueue, TableResponseStore } from './response.store';

/** Fisher–Yates with a cryptographic source: the stored order must say nothing about the order of submission. */
export function shuffle<T>(items: readonly T[], random: (n: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// How long the mixer holds messages while it decides: longer than a write of one wave's batch takes.
const HOLD_SECONDS = 60;
const MAX_HELD = 5000;

/**
 * Moves answers from the `responses` queue to the `responses` table so that nobody with storage access can match a
 * response to a person by time or order: a wave's answers are written only once at least `k` are waiting (or when
 * the wave closes), shuffled, in one transaction per hundred (so they share a write time), under random keys, with
 * the submission day only.
 */
export class ResponseMixer {
  constructor(private readonly deps: { queue: StorageResponseQueue; responses: TableResponseStore; log: Log; k: number }) {}

  /**
   * Takes everything waiting; writes each wave's answers that reach `k` (every wave's, or the closing waves', with
   * `flush`); puts the rest back. Safe to run twice at once or again after a crash: rows are keyed by response id.
   */
  async mix(options: { flush?: readonly string[] | 'all' | ((wave: string) => Promise<boolean>) } = {}): Promise<{ written: number; waiting: number }> {
    const held: { message: HeldResponse; response: ResponseMessage }[] = [];
    while (held.length < MAX_HELD) {
      const batch = await this.deps.queue.take(32, HOLD_SECONDS);
      if (batch.length === 0) break;
      for (const message of batch) {
        const parsed = parseResponseMessage(message.text);
        if (!parsed.ok) {
          this.deps.log.warn({ reason: parsed.reason }, 'response message poisoned');
          await this.deps.queue.poison(message, parsed.reason);
        } else held.push({ message, response: parsed.response });
      }
    }
    const byWave = new Map<string, typeof held>();
    for (const h of held) byWave.set(h.response.wave, [...(byWave.get(h.response.wave) ?? []), h]);

    let written = 0;
    let waiting = 0;
    for (const [wave, group] of byWave) {
      // A retried or concurrent submit sends its response again under the same id: keep one (the row key is the id
      // too), and count people, not messages, against k.
      const unique = [...new Map(group.map((h) => [h.response.id, h.response])).values()];
      if (unique.length < this.deps.k && !(await shouldFlush(options.flush, wave))) {
        await Promise.all(group.map((h) => this.deps.queue.putBack(h.message)));
        waiting += unique.length;
        continue;
      }
      await this.deps.responses.write(wave, shuffle(unique));
      for (const h of group) await this.deps.queue.remove(h.message);
      written += unique.length;
    }
    if (written > 0) this.deps.log.info({ written, waiting }, 'responses mixed');
    return { written, waiting };
  }
}

async function shouldFlush(flush: readonly string[] | 'all' | ((wave: string) => Promise<boolean>) | undefined, wave: string): Promise<boolean> {
  if (flush === undefined) return false;
  if (flush === 'all') return true;
  return typeof flush === 'function' ? flush(wave) : flush.includes(wave);
}
