import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * What production installs (`npm ci --omit=dev`, as infra/package-app.mjs runs it), read from the lock file, and
 * the CI audit step's verdicts on saved `npm audit --json` reports.
 */
const root = path.join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};
const production = Object.entries(lock.packages).filter(
  ([key, entry]) => key !== '' && !entry.dev && !entry.devOptional,
);
const LOCAL_ONLY = ['azurite', '@microsoft/m365agentsplayground', 'tsx'];

describe('the production install', () => {
  it.each(LOCAL_ONLY)('leaves out %s and its tree: only local mode, tests and docs need it', (name) => {
    expect(pkg.dependencies[name]).toBeUndefined();
    expect(pkg.devDependencies[name]).toBeDefined();
    expect(lock.packages[`node_modules/${name}`]!.dev).toBe(true);
    expect(production.filter(([key]) => key.endsWith(`node_modules/${name}`))).toEqual([]);
  });

  it('needs Node 22 or later, the LTS lines the app is built and tested on', () => {
    expect(pkg.engines.node).toBe('>=22');
  });

  it('holds what docs/deploy.md says it holds', () => {
    const deploy = readFileSync(path.join(root, 'docs/deploy.md'), 'utf8');
    expect(deploy).toContain(`| after | ${production.length} |`);
  });
});

describe('the CI audit of production dependencies (.ci/audit.cjs)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sv-audit-'));
  const verdict = (report: unknown) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(report));
    const run = spawnSync(process.execPath, [path.join(root, '.ci/audit.cjs'), '--report', file], { encoding: 'utf8' });
    return { code: run.status, out: run.stdout };
  };
  const advisory = (severity: string, id: string) => ({
    vulnerabilities: {
      somelib: {
        name: 'somelib',
        severity,
        via: [{ source: 1, url: `https://github.com/advisories/${id}`, severity, title: 'Prototype pollution' }],
      },
    },
    metadata: { vulnerabilities: { high: severity === 'high' ? 1 : 0, critical: severity === 'critical' ? 1 : 0 } },
  });

  it('passes a clean report', () => {
    expect(verdict({ vulnerabilities: {}, metadata: { vulnerabilities: { high: 0, critical: 0 } } }).code).toBe(0);
  });

  it('fails on a high or critical advisory that is not allowed', () => {
    for (const severity of ['high', 'critical']) {
      const { code, out } = verdict(advisory(severity, 'GHSA-aaaa-bbbb-cccc'));
      expect(code).toBe(1);
      expect(out).toContain('NOT ALLOWED');
    }
  });

  it('lets a moderate advisory through', () => {
    expect(verdict(advisory('moderate', 'GHSA-aaaa-bbbb-cccc')).code).toBe(0);
  });

  it('says NOT audited, with its own exit code, when the advisory service could not be reached: not audited is not clean', () => {
    const { code, out } = verdict({ message: '405 Method Not Allowed', statusCode: 405 });
    expect(out).toContain('405 Method Not Allowed');
    expect(out).toContain('NOT audited');
    expect(code).toBe(3);
  });

  it('says NOT audited on an answer it cannot read rather than passing it as clean', () => {
    for (const report of [null, [], { vulnerabilities: { somelib: { via: 'x' } } }, { vulnerabilities: {} }]) {
      const { code, out } = verdict(report);
      expect(out).toContain('NOT audited');
      expect(code).toBe(3);
    }
  });
});
