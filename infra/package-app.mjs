// Assembles the deployment package for App Service in .deploy/: the compiled dist/, package.json, the lock file
// and production dependencies only, installed from the lock file. `npm run package` builds first, then runs this;
// teamsapp.yml zip-deploys the folder. Plain Node, so it works the same on Windows.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.deploy');

if (!existsSync(path.join(root, 'dist', 'main.js'))) {
  process.stderr.write('dist/main.js is missing: run `npm run build` first (or `npm run package`, which does).\n');
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
cpSync(path.join(root, 'dist'), path.join(out, 'dist'), { recursive: true });
for (const file of ['package.json', 'package-lock.json', '.npmrc']) cpSync(path.join(root, file), path.join(out, file));

// Install scripts are skipped: none of the production dependencies needs one at run time.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: out,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
// Source maps and TypeScript sources are about half of node_modules (300 of 640 MB, measured) and Node never loads
// them: leaving them out makes every zip deploy that much smaller.
const unused = /\.(map|ts|mts|cts)$/;
let removed = 0;
const prune = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) prune(full);
    else if (entry.isFile() && unused.test(entry.name)) {
      removed += statSync(full).size;
      rmSync(full);
    }
  }
};
prune(path.join(out, 'node_modules'));
process.stdout.write(
  `Left out ${Math.round(removed / 1e6)} MB of source maps and TypeScript sources from node_modules.\n`,
);
// App Service runs node itself (infra/modules/app.bicep), not `npm run start:prod`: npm's `sh -c` does not pass SIGTERM on.
process.stdout.write(
  `Deployment package ready in ${path.relative(root, out)}/ (start command: node --max-old-space-size=160 dist/main.js).\n`,
);
