import { randomBytes, randomInt } from 'node:crypto';

/** Fisher–Yates with a cryptographic source: the stored order must say nothing about the order of submission. */
export function shuffle<T>(items: readonly T[], random: (n: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A random id of `bytes` cryptographic bytes, as hex: unguessable, so it can name a draft, a link or a claim. */
export function randomId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
