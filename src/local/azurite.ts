import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { azuriteConnectionString } from '../platform/storage';

/** A running Azurite child process and how to reach it. */
export interface RunningAzurite {
  readonly connectionString: string;
  readonly ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

/**
 * Starts Azurite (tables, queues, blobs) as a child process on loopback. `location` persists data between runs;
 * without it everything is kept in memory (tests).
 *
 * It runs in a process group of its own, so that a terminal's Ctrl-C (sent to the whole foreground group) reaches only
 * the bot, which stops Azurite itself once its last write is done. Should the bot exit without stopping it (a crash),
 * Azurite is asked to stop as the bot goes; only a bot killed outright (SIGKILL) leaves it running.
 */
export async function startAzurite(options: {
  ports: { blob: number; queue: number; table: number };
  location?: string;
}): Promise<RunningAzurite> {
  const { ports } = options;
  const args = [
    require.resolve('azurite/dist/src/azurite.js'),
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(ports.blob),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(ports.queue),
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(ports.table),
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    windowsHide: true,
  });
  const stopWithUs = () => child.kill('SIGTERM');
  process.once('exit', stopWithUs);
  child.once('exit', () => process.off('exit', stopWithUs));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await Promise.all([ports.blob, ports.queue, ports.table].map((p) => waitForPort(p, child, 20_000)));
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`Azurite did not start: ${(error as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
  return { connectionString: azuriteConnectionString(ports), ports, stop: () => stopChild(child) };
}

/** Resolves once something accepts connections on the port; rejects if the child exits first or time runs out. */
export async function waitForPort(port: number, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited with code ${child.exitCode} before port ${port} opened`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
}

/** Whether something accepts connections on the loopback port (an Azurite already running, say). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL if the child has not gone within 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
