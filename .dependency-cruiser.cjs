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
      comment: 'Only app.ts (and main.ts) construct the whole: nothing imports the composition root (app.ts, app-services.ts, app-stores.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$', '^src/app(-services)?\\.ts$'] },
      to: { path: '^src/app(-services|-stores)?\\.ts$' },
    },
    {
      name: 'platform-does-not-know-features',
      comment: 'platform/ is technology shared by features; it must not import them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people)/' },
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
