// Adds up jest's JSON results, one file per Node line, into the one line CI reads last:
// `tests: N passed, N failed`, followed by `, N skipped` when any test was skipped (it.skip, xit, it.todo, or a test
// left out because another was focused with .only). Arguments are `label=file` (or a bare file, its own label).
// A line whose jest wrote no readable results (it crashed, or never ran) counts as 1 failed, named above the summary.
// Exits non-zero if any line failed, broke, ran no test, left no results, or skipped or focused a test.
const fs = require('node:fs');

const lines = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  return at > 0 ? { label: arg.slice(0, at), file: arg.slice(at + 1) } : { label: arg, file: arg };
});
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = lines.length > 0;
if (!ok) console.log('no Node line ran its tests');
for (const { label, file } of lines) {
  let r;
  try {
    r = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    r = undefined;
  }
  if (typeof r?.numPassedTests !== 'number' || typeof r?.numFailedTests !== 'number') {
    console.log(`${label}: jest wrote no readable results (${file}): it crashed or did not run; counted as 1 failed`);
    failed += 1;
    ok = false;
    continue;
  }
  const broken = r.numRuntimeErrorTestSuites || 0;
  const notRun = (r.numPendingTests || 0) + (r.numTodoTests || 0);
  passed += r.numPassedTests;
  failed += r.numFailedTests + broken;
  skipped += notRun;
  if (broken > 0) console.log(`${label}: ${broken} test file(s) failed to run`);
  if (r.numTotalTests === 0) console.log(`${label}: ran no test`);
  if (notRun > 0) console.log(`${label}: ${notRun} skipped: ${skippedNames(r).join('; ')}`);
  if (!r.success || r.numTotalTests === 0 || notRun > 0) ok = false;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

/** The first few skipped tests' names, so that the log says which without opening the JSON. */
function skippedNames(r) {
  const names = [];
  for (const file of r.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'pending' || a.status === 'todo' || a.status === 'skipped') names.push(a.fullName ?? a.title);
    }
  }
  return names.length > 5 ? [...names.slice(0, 5), `and ${names.length - 5} more`] : names;
}
