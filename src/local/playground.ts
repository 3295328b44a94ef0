import { spawn } from 'node:child_process';
import { MINUTE_MS } from '../platform/calendar/durations';
import { stopChild, waitForPort } from './azurite';

/** A running Microsoft 365 Agents Playground. */
export interface RunningPlayground {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Agents Playground pointed at the bot. TEAMSAPPTESTER_BROWSER=none stops it trying to open a browser
 * (without it, it exits at once on a machine with none). It reads .m365agentsplayground.yml from the working
 * directory: the demo tenant, its people and its team.
 */
export async function startPlayground(options: { botPort: number; port: number }): Promise<RunningPlayground> {
  const bin = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    // The bot listens on 127.0.0.1 only, and `localhost` may resolve to ::1 first.
    [
      bin,
      '-e',
      `http://127.0.0.1:${options.botPort}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(options.port),
      '--disable-telemetry',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' } },
  );
  await waitForPort(options.port, child, MINUTE_MS);
  return { url: `http://localhost:${options.port}`, stop: () => stopChild(child) };
}
