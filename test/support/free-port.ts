import { createServer } from 'node:net';

// Below Linux's ephemeral range (32768–60999 by default), from which the kernel hands out ports for `listen(0)` and
// for outgoing connections. A port the OS picked could be handed to another test's server in a parallel worker
// between our check and the child process binding it (seen in CI: a telemetry test's health check was answered by
// another worker's local-mode app). Ports from this range are only ever taken on purpose.
const FIRST = 20_000;
const LAST = 32_000;

/** A port nothing is listening on right now, outside the range the OS hands out by itself. */
export function freePort(): Promise<number> {
  return freePorts(1);
}

/** The first of `count` consecutive free ports (Azurite's LOCAL_AZURITE_PORT takes three), chosen as freePort does. */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const first = FIRST + Math.floor(Math.random() * (LAST - FIRST - count));
    if (await allListenable(first, count)) return first;
  }
  throw new Error(`no ${count} free consecutive ports between ${FIRST} and ${LAST} after 100 tries`);
}

async function allListenable(first: number, count: number): Promise<boolean> {
  for (let port = first; port < first + count; port++) if (!(await canListen(port))) return false;
  return true;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
