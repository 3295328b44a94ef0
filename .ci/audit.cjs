// Supply chain: `npm audit --omit=dev` over the production dependencies. Fails on any high or critical advisory that
// is not in .ci/audit-allowlist.json (each entry names the advisory, the package and why it cannot be fixed yet).
// When it could not audit (the advisory service unreachable, offline or behind a registry mirror that refuses its
// endpoint, or an answer it cannot read) it never passes as clean: it exits 3 and says NOT audited. .ci/run then fails
// when AUDIT_REQUIRED=1, and otherwise carries the warning down to its last lines (CI's own machines reach a registry
// that refuses the advisory endpoint, so a hard failure there would block every build without auditing anything).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const FAILING = new Set(['high', 'critical']);
// The exit code that means "nothing was audited": neither clean (0) nor a finding (1).
const NOT_AUDITED = 3;
const allowed = JSON.parse(fs.readFileSync(path.join(__dirname, 'audit-allowlist.json'), 'utf8')).allowed;
// `--report FILE` reads a saved `npm audit --json` report instead (test/ship/supply-chain.test.ts uses it).
const saved = process.argv.indexOf('--report');
const output =
  saved > 0
    ? { stdout: fs.readFileSync(process.argv[saved + 1], 'utf8'), stderr: '' }
    : spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(output.stdout);
} catch {
  report = { message: (output.stderr || 'npm audit printed no report').trim() };
}

const notAudited = (why) => {
  console.log(`npm audit could not audit (${why}): production dependencies NOT audited.`);
  process.exit(NOT_AUDITED);
};
if (!report || typeof report !== 'object' || !report.vulnerabilities) {
  // npm prints the failed request (`message`, `statusCode`) or an `error` object instead of a report.
  notAudited(`no advisories from the registry: ${report?.message ?? report?.error?.summary ?? 'no report'}`);
}
const wellFormed =
  typeof report.vulnerabilities === 'object' &&
  Object.values(report.vulnerabilities).every((v) => v && Array.isArray(v.via)) &&
  typeof report.metadata?.vulnerabilities === 'object';
if (!wellFormed) notAudited('a report in a shape this script does not know');

// Each vulnerable package lists the advisories behind it in `via` (objects; strings point at another package).
const findings = [];
for (const [name, v] of Object.entries(report.vulnerabilities)) {
  for (const via of v.via) {
    if (typeof via !== 'object' || !FAILING.has(via.severity)) continue;
    const id = String(via.url ?? via.source).replace(/^https:\/\/github\.com\/advisories\//, '');
    const exception = allowed.find((a) => a.advisory === id && a.package === name);
    findings.push({ name, id, severity: via.severity, title: via.title, exception });
  }
}
for (const f of findings) {
  const verdict = f.exception ? `allowed: ${f.exception.reason}` : 'NOT ALLOWED';
  console.log(`${f.severity} ${f.name} ${f.id} ${f.title} — ${verdict}`);
}
const blocking = findings.filter((f) => !f.exception);
const counts = report.metadata.vulnerabilities;
console.log(
  `npm audit: ${counts.high ?? 0} high, ${counts.critical ?? 0} critical in production dependencies; ${blocking.length} not allowed.`,
);
process.exit(blocking.length > 0 ? 1 : 0);
