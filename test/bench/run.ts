/**
 * Benchmarks: `npm run bench -- <name>` (or no name for all). Each reports ratios against a baseline measured in
 * the same run, because the machines are shared and absolute times drift. Results: docs/performance.md.
 */
import { runAnswersBench } from './answers.bench';
import { runBackupBench } from './backup.bench';
import { runDashboardBench } from './dashboard.bench';
import { runDispatchBench } from './dispatch.bench';
import { runResultsBench } from './results.bench';

const benches: Record<string, () => Promise<string>> = {
  dispatch: runDispatchBench,
  answers: runAnswersBench,
  results: runResultsBench,
  backup: runBackupBench,
  dashboard: runDashboardBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(benches);
  const unknown = names.filter((n) => !benches[n]);
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  // Figures are only comparable on the same Node line: docs/performance.md records it with each figure.
  console.log(`bench on Node ${process.version} (${process.platform}-${process.arch})`);
  const lines: string[] = [];
  for (const name of names) lines.push(await benches[name]!());
  for (const line of lines) console.log(line);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
