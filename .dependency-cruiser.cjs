/**
 * The walls of DESIGN.md §1, checked by tests/architecture/walls.test.ts on every `npm test`.
 * Paths are relative to the repository root.
 */
const NODE_BUILTINS = { dependencyTypes: ['core'] };

module.exports = {
  forbidden: [
    {
      name: 'core-stays-out-of-the-faces',
      comment: 'src/ is plain TypeScript for Node: it never reaches into main/, renderer/ or sync-server/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(main|renderer|sync-server)/' },
    },
    {
      name: 'core-has-no-electron-or-dom',
      comment: 'src/ runs in plain Node and in tests: no Electron, no React, no DOM libraries.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/(electron|react|react-dom)/' },
    },
    {
      name: 'key-listener-stays-in-the-desktop-adapters',
      comment: 'node-global-key-listener runs a helper program that sees every key: only the desktop adapters (src/app/desktop) start it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/desktop/' },
      to: { path: '(^|/)node_modules/node-global-key-listener/' },
    },
    {
      name: 'renderer-talks-through-the-api',
      comment: 'renderer/ reaches the host only through the src/api contract, and src/domain for types.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(src/(?!api/|domain/)|main/|sync-server/)' },
    },
    {
      name: 'renderer-uses-domain-types-only',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^src/domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-has-no-electron',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'renderer-has-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: NODE_BUILTINS,
    },
    {
      name: 'api-and-domain-run-anywhere',
      comment: 'src/api and src/domain are loaded by the renderer too: no Node built-ins, no other core layer (types of the sync protocol excepted).',
      severity: 'error',
      from: { path: '^src/(api|domain)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(?!api/|domain/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'api-and-domain-have-no-node-builtins',
      severity: 'error',
      from: { path: '^src/(api|domain)/', pathNot: '\\.test\\.ts$' },
      to: NODE_BUILTINS,
    },
    {
      name: 'sync-protocol-has-no-database',
      comment: 'src/sync is shared with the server: it knows the domain, not the cache or the host.',
      severity: 'error',
      from: { path: '^src/sync/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(?!sync/|domain/)' },
    },
    {
      name: 'server-uses-domain-and-sync-only',
      severity: 'error',
      from: { path: '^sync-server/' },
      to: { path: '^(src/(?!domain/|sync/)|main/|renderer/)' },
    },
    {
      name: 'shell-stays-thin',
      comment: 'main/ plugs Electron into src/app; it does not reach into the UI or the server.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^(renderer|sync-server)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
