/** Exhaustiveness check for `switch` over outcome kinds: a new kind fails to compile until it is handled. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
