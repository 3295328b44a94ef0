/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most `burst`. A small burst keeps sends evenly
 * spaced, so a sliding one-second window at the connector never sees more than the rate.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = 1,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Waits for a token. Callers are served in order. */
  take(): Promise<void> {
    const next = this.queue.then(async () => {
      const wait = this.reserve();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Takes a token now, possibly going into debt; returns how long to wait before using it. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }
}

/** Teams' per-conversation limits for a bot: 7 per second and 60 per 30 seconds (the 1,800/hour limit follows). */
export const CONVERSATION_WINDOWS: readonly { ms: number; max: number }[] = [
  { ms: 1000, max: 7 },
  { ms: 30_000, max: 60 },
];

const MAX_TRACKED = 20_000;

/** Sliding-window limits per conversation, so one busy case thread or channel cannot earn the app a 429. */
export class ConversationLimiter {
  private readonly sends = new Map<string, number[]>();

  constructor(private readonly windows = CONVERSATION_WINDOWS) {}

  /** 0 and records the send if allowed now; otherwise the ms until it would be (nothing recorded). */
  tryTake(conversationId: string, now = Date.now()): number {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    const times = (this.sends.get(conversationId) ?? []).filter((t) => now - t < longest);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => now - t < w.ms);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.ms - now);
    }
    if (wait === 0) times.push(now);
    this.sends.delete(conversationId); // re-insert: Map order doubles as least-recently-used
    this.sends.set(conversationId, times);
    if (this.sends.size > MAX_TRACKED) this.sends.delete(this.sends.keys().next().value!);
    return wait;
  }
}

/**
 * Delay before retry `attempt` (1-based): exponential from 100 ms, capped at 5 minutes, with jitter so that a crowd
 * of failed messages does not come back at the same instant. Never less than what the connector asked for.
 */
export function retryDelayMs(attempt: number, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(300_000, 100 * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(retryAfterMs, jittered);
}
