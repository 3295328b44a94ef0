import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The closing line of `.ci/run` (.ci/jest-summary.cjs): every Node line counted, a line whose jest wrote no
 * results counted as failed and named, skipped tests counted, and the exit code CI acts on.
 */
const root = path.join(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'sv-ci-summary-'));

/** A jest `--json` result in the shape jest 30 writes (only the fields the summary reads, and one test file). */
const jestJson = (counts: { passed: number; failed?: number; pending?: number; todo?: number }) => {
  const { passed, failed = 0, pending = 0, todo = 0 } = counts;
  const status = (n: number, s: string) => Array.from({ length: n }, (_, i) => ({ fullName: `${s} ${i}`, status: s }));
  return {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: pending,
    numTodoTests: todo,
    numRuntimeErrorTestSuites: 0,
    numTotalTests: passed + failed + pending + todo,
    success: failed === 0,
    testResults: [
      {
        assertionResults: [
          ...status(passed, 'passed'),
          ...status(failed, 'failed'),
          ...status(pending, 'pending'),
          ...status(todo, 'todo'),
        ],
      },
    ],
  };
};
const file = (name: string, content: unknown) => {
  const at = path.join(dir, name);
  writeFileSync(at, JSON.stringify(content));
  return at;
};
const summary = (...args: string[]) => {
  const run = spawnSync(process.execPath, [path.join(root, '.ci/jest-summary.cjs'), ...args], { encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n');
  return { code: run.status, last: lines.at(-1), above: lines.slice(0, -1).join('\n') };
};

describe('the last line of CI (.ci/jest-summary.cjs)', () => {
  it('adds up every Node line that ran, and passes when all passed', () => {
    const a = file('a.json', jestJson({ passed: 7 }));
    const b = file('b.json', jestJson({ passed: 5 }));
    const { code, last } = summary(`Node 24=${a}`, `Node 22=${b}`);
    expect(last).toBe('tests: 12 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('counts a line whose jest wrote no results as failed, names it, and counts skipped tests', () => {
    const normal = file('normal.json', jestJson({ passed: 7 }));
    const withSkips = file('skips.json', jestJson({ passed: 4, pending: 2, todo: 1 }));
    const missing = path.join(dir, 'never-written.json');
    const { code, last, above } = summary(`Node 24=${normal}`, `Node 22=${missing}`, `Node 26=${withSkips}`);
    expect(last).toBe('tests: 11 passed, 1 failed, 3 skipped');
    expect(above).toContain('Node 22: jest wrote no readable results');
    expect(above).toMatch(/Node 26: 3 skipped: pending 0; pending 1; todo 0/);
    expect(code).toBe(1);
  });

  it('fails on a skipped test even when nothing failed', () => {
    const { code, last } = summary(`Node 24=${file('one-skip.json', jestJson({ passed: 3, pending: 1 }))}`);
    expect(last).toBe('tests: 3 passed, 0 failed, 1 skipped');
    expect(code).toBe(1);
  });

  it('counts failed tests and a results file that is not jest JSON', () => {
    const failing = file('failing.json', jestJson({ passed: 2, failed: 1 }));
    const garbage = path.join(dir, 'garbage.json');
    writeFileSync(garbage, '{"numPassedTests": 3, "trunc');
    const { code, last, above } = summary(`Node 24=${failing}`, `Node 22=${garbage}`);
    expect(last).toBe('tests: 2 passed, 2 failed');
    expect(above).toContain('Node 22: jest wrote no readable results');
    expect(code).toBe(1);
  });

  it('fails when no line ran at all', () => {
    const { code, last } = summary();
    expect(last).toBe('tests: 0 passed, 0 failed');
    expect(code).toBe(1);
  });
});
