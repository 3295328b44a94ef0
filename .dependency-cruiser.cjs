/** Architecture rules from DESIGN.md, checked in CI (`npm run depcruise`). */
module.exports = {
  forbidden: [
    {
      name: 'teams-sdk-in-one-room',
      comment:
        "botbuilder and teams-ai only in src/platform/teams (routes included: they take the project's own Turn): botbuilder's support ended and Teams AI v1 is deprecated, so a move to the Teams SDK changes one folder.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/platform/teams/' },
      to: { path: 'node_modules/(botbuilder[^/]*|botframework-[^/]*|@microsoft/teams-ai)/' },
    },
    {
      name: 'storage-sdk-in-platform-and-stores',
      comment: '@azure/data-tables, @azure/storage-queue and @azure/storage-blob only in src/platform and *.store.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/platform/', '\\.store\\.ts$'] },
      to: { path: 'node_modules/@azure/(data-tables|storage-queue|storage-blob)/' },
    },
    {
      name: 'cards-and-domain-import-no-sdk',
      comment:
        'Cards and pure domain rules import no SDK (cards may use adaptivecards-templating through platform/cards).',
      severity: 'error',
      from: { path: '\\.cards\\.ts$' },
      to: { path: 'node_modules/(botbuilder[^/]*|@microsoft/teams-ai|@azure/)' },
    },
    {
      name: 'only-main-starts-the-app',
      comment:
        'The composition root is app.ts (the features, in the order they need each other) and core.ts (what every feature is built from). Nothing imports app.ts but main.ts (the process entry); a feature may take the type of the core from core.ts, never app.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'features-take-only-the-cores-type',
      comment:
        "Features are built from the core, not by it: a feature's files import src/core.ts for its types only (Core), so core.ts can never come to know a feature.",
      severity: 'error',
      from: { path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads|digest|backup|dashboard)/' },
      to: { path: '^src/core\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-knows-no-feature',
      comment:
        'core.ts builds only what every feature is built from (storage, clock, keys, log, audit): it imports no feature, so the features depend on it and never the other way round.',
      severity: 'error',
      from: { path: '^src/core\\.ts$' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads|digest|backup|dashboard)/' },
    },
    {
      name: 'each-feature-assembles-itself',
      comment:
        "A feature's assembly (feature.ts, and a surveys part's *.feature.ts) is the one place its stores are constructed from the core's tables and queues: no other feature and nothing at the top of src builds another feature's parts; the app takes what the assembly returns.",
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '\\.(store|service)\\.ts$' },
    },
    {
      name: 'feature-through-its-face',
      comment:
        'Features stand side by side: any folder of src (a feature, local/, retention/...) imports a feature only through its face (index.ts; each of the three parts of surveys has one too), so each feature can change its files, stores and rules without the others noticing, and is asked for data in its own words.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads|digest|backup|dashboard)/',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/surveys/(authoring|answering|waves)/index\\.ts$'],
      },
    },
    {
      name: 'surveys-parts-through-their-faces',
      comment:
        'Surveys is three parts side by side, authoring/, answering/ and waves/, each behind its own index.ts: one part imports another only through that face, so a part can move, split or rename its files without the others noticing.',
      severity: 'error',
      from: { path: '^src/surveys/(authoring|answering|waves)/' },
      to: {
        path: '^src/surveys/(authoring|answering|waves)/',
        pathNot: ['^src/surveys/$1/', '^src/surveys/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'surveys-parts-from-outside-through-their-faces',
      comment:
        "Whatever is not in one of surveys' parts (the feature's assembly, face and routes, other features such as actions' feedback) imports a part only through its index.ts; each part assembles itself (authoring.feature.ts, answering.feature.ts, waves.feature.ts) and surveys' feature.ts puts the three together.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/surveys/(authoring|answering|waves)/' },
      to: { path: '^src/surveys/(authoring|answering|waves)/', pathNot: '^src/surveys/[^/]+/index\\.ts$' },
    },
    {
      name: 'surveys-parts-one-way',
      comment:
        "Inside surveys, imports run one way: waves -> answering -> authoring. Authoring (what surveys, questions and waves are; the admin) imports neither other part: its admin service names what it needs of them (WaveControl, CardPreview, WaveFigures). Answering (proofs, markers, sealing, the mixer) never imports waves, so actions' feedback uses it without the wave lifecycle.",
      severity: 'error',
      from: { path: '^src/surveys/(authoring|answering)/' },
      to: { path: '^src/surveys/(answering|waves)/', pathNot: '^src/surveys/$1/' },
    },
    {
      name: 'surveys-parts-under-the-feature-face',
      comment:
        "Surveys' parts never import the feature's own files (index.ts, feature.ts, surveys.routes.ts): those are built from the parts' faces, not the other way round.",
      severity: 'error',
      from: { path: '^src/surveys/[^/]+/' },
      to: { path: '^src/surveys/[^/]+\\.ts$' },
    },
    {
      name: 'faces-export-no-store-value',
      comment:
        "No store function or class on a face: a feature's or a surveys part's index.ts names a *.store.ts only for types (a narrow interface other features read through, or a store type a sibling part is handed); the classes are constructed in the feature's own assembly.",
      severity: 'error',
      from: { path: '^src/([^/]+|surveys/[^/]+)/index\\.ts$' },
      to: { path: '\\.store\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'composition-root-through-faces',
      comment:
        'The top of src (app.ts, core.ts, settings.ts, main.ts) takes features from their faces only, so what it may build from is what each feature chose to offer: its assembly function.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: {
        path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads|digest|backup|dashboard)/',
        pathNot: '^src/[^/]+/index\\.ts$',
      },
    },
    {
      name: 'cards-import-no-service-or-store',
      comment:
        "Cards are pure functions from data to JSON: they take the data's types from domain files, never from a service or store (which would drag storage and use cases into every card test).",
      severity: 'error',
      from: { path: '\\.cards\\.ts$' },
      to: { path: '\\.(service|store)\\.ts$' },
    },
    {
      name: 'lower-layers-import-no-higher',
      comment:
        'platform/, config and shared/ sit under the features and the composition root: they import none of them, so a feature can change without them (the retention and re-seal jobs in platform/ run the parts each feature returns from its assembly; each purges its own tables by its own keys).',
      severity: 'error',
      from: { path: '^src/(platform/|shared/|config[^/]*\\.ts$)' },
      to: {
        path: '^src/((surveys|results|speak-up|delivery|people|actions|downloads|digest|backup|dashboard)/|(app|core|settings|main)\\.ts$)',
      },
    },
    {
      name: 'platform-stands-alone',
      comment:
        'platform/ is technology shared by everything above it: it imports nothing outside platform/ (not config, features, retention, local or shared), so it can be read, tested and replaced on its own.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'shared-words-stand-alone',
      comment:
        'src/shared/ holds words several features use (staff groups): it imports no feature, so any feature may import it.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'downloads-knows-no-feature',
      comment:
        'Downloads serves what features offer (DownloadOffering) without knowing them: results and speak-up depend on it, not it on them.',
      severity: 'error',
      from: { path: '^src/downloads/' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people|actions|digest|dashboard|retention)/' },
    },
    {
      name: 'backup-knows-no-feature',
      comment:
        "Backup copies every table by name, row by row as stored, whichever feature owns it: it imports no feature, so it never opens what one sealed and no feature's change reaches it.",
      severity: 'error',
      from: { path: '^src/backup/' },
      to: { path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads|digest)/' },
    },
    {
      name: 'digest-above-its-parts',
      comment:
        'The weekly digest sits above results, actions and speak-up: each offers it its part through its face, and no feature imports the digest.',
      severity: 'error',
      from: { path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads)/' },
      to: { path: '^src/digest/' },
    },
    {
      name: 'dashboard-above-its-parts',
      comment:
        'The Results tab sits above results, people, delivery and actions and reads each through its face; no feature imports the dashboard, so it can change (or go) without them noticing.',
      severity: 'error',
      from: { path: '^src/(surveys|results|speak-up|delivery|people|actions|downloads|digest)/' },
      to: { path: '^src/dashboard/' },
    },
    {
      name: 'results-below-actions',
      comment:
        "Actions answer results: results never imports actions (the results card's button verb is passed in, as the welcome card's are).",
      severity: 'error',
      from: { path: '^src/results/' },
      to: { path: '^src/actions/' },
    },
    {
      name: 'dashboard-page-stands-alone',
      comment:
        "The dashboard page runs in the browser: it imports only its own files and browser packages, never the server's code (which would drag Node, storage or secrets into the bundle); it learns everything from the API.",
      severity: 'error',
      from: { path: '^src/dashboard/web/page/' },
      to: { path: '^src/', pathNot: '^src/dashboard/web/page/' },
    },
    {
      name: 'server-serves-the-page-as-files',
      comment:
        'Nothing on the server imports the page: the server serves its built files (src/dashboard/web/page-files.ts), so React and Fluent never load in the process.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/dashboard/web/page/' },
      to: { path: '^src/dashboard/web/page/' },
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
    // The dashboard page's bundle (npm's prepare builds it): esbuild's output, not source.
    exclude: { path: '^src/dashboard/web/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
