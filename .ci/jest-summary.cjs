// Adds up jest's JSON results (one file per Node line) into the one line CI reads: `tests: N passed, N failed`.
// Exits non-zero if any run failed, broke, ran no test, or left no results (a crashed run counts as a failure).
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let ok = process.argv.length > 2;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    if (!r.success || r.numTotalTests === 0) ok = false;
  } catch {
    process.stderr.write(`no readable jest results in ${file}\n`);
    failed += 1;
    ok = false;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
