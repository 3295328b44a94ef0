import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A child Staff Voice process started by a test. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly output: () => string;
}

const SCRIPT = path.join(__dirname, 'app-process.ts');

/** Starts test/support/app-process.ts under tsx and waits for it to listen. */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: path.join(__dirname, '..', '..'),
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app process did not start in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const m = output.match(/ready (\d+)/);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`app process exited before it was ready:\n${output}`));
    });
  });
  return { child, port, exited, output: () => output };
}
