/** Architecture rules from DESIGN.md, checked in CI (`npm run depcruise`). */
module.exports = {
  forbidden: [
    {
      name: 'teams-sdk-at-the-edge',
      comment: 'botbuilder and teams-ai only in src/platform/teams and *.routes.ts, so a move to the Teams SDK v2 stays contained.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/platform/teams/', '\\.routes\\.ts$'] },
      to: { path: 'node_modules/(botbuilder[^/]*|botframework-[^/]*|@microsoft/teams-ai)/' },
    },
    {
      name: 'storage-sdk-in-platform-and-stores',
      comment: '@azure/data-tables and @azure/storage-queue only in src/platform and *.store.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/platform/', '\\.store\\.ts$'] },
      to: { path: 'node_modules/@azure/(data-tables|storage-queue)/' },
    },
    {
      name: 'cards-and-domain-import-no-sdk',
      comment: 'Cards and pure domain rules import no SDK (cards may use adaptivecards-templating through platform/cards).',
      severity: 'error',
      from: { path: '\\.cards\\.ts$' },
      to: { path: 'node_modules/(botbuilder[^/]*|@microsoft/teams-ai|@azure/)' },
    },
    {
      name: 'only-app-wires',
      comment: 'Only app.ts (and main.ts) construct the whole: nothing imports the composition root.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'platform-does-not-know-features',
      comment: 'platform/ is technology shared by features; it must not import them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people)/' },
    },
    {
      name: 'downloads-through-its-face',
      comment: 'Features offer files through the downloads face (src/downloads/index.ts), never its store or services directly.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/downloads/' },
      to: { path: '^src/downloads/', pathNot: '^src/downloads/index\\.ts$' },
    },
    {
      name: 'downloads-knows-no-feature',
      comment: 'Downloads serves what features offer (DownloadOffering) without knowing them: results and speak-up depend on it, not it on them.',
      severity: 'error',
      from: { path: '^src/downloads/' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people|actions|retention)/' },
    },
    {
      name: 'retention-only-orchestrates',
      comment: 'Retention keeps the schedule and the order; each feature purges its own tables by its own keys, wired in app.ts (RetentionParts).',
      severity: 'error',
      from: { path: '^src/retention/' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
