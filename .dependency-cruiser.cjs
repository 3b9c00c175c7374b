/**
 * The import direction of the codebase, checked by `npm run lint` (dependency-cruiser):
 * routes → services → repos → core; packages never import apps; the dashboard never imports the
 * API; no cycles. See CODE_STYLE.md for the layers.
 */
const API = '^apps/api/src/';
/** Files of a module that belong to the HTTP layer: routes and the server-sent-events feed. */
const HTTP_FILES = '(\\.routes|\\.feed|\\.activity)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other (directly or through others) cannot be understood or tested alone.',
      from: { path: API },
      to: { circular: true },
    },
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'core/ (errors, cursors, amounts, actor, clock) depends on packages and libraries only.',
      from: { path: `${API}core/` },
      to: { path: `${API}(?!core/)` },
    },
    {
      name: 'services-and-repos-do-not-know-http',
      severity: 'error',
      comment: 'Services take parsed input and throw core errors; only routes speak HTTP.',
      from: { path: `${API}modules/`, pathNot: [HTTP_FILES, '\\.test\\.ts$'] },
      to: { path: `${API}(http/|app\\.ts)` },
    },
    {
      name: 'routes-call-services-not-repos',
      severity: 'error',
      comment: 'A route validates, calls its service and presents; the SQL is the service’s business (through its repo).',
      from: { path: '\\.routes\\.ts$' },
      to: { path: '\\.repo\\.ts$' },
    },
    {
      name: 'repos-do-not-call-services',
      severity: 'error',
      from: { path: '\\.repo\\.ts$' },
      to: { path: '\\.(service|routes)\\.ts$' },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      comment: 'A package is installable alone; its tests may start the API to test against.',
      from: { path: '^packages/', pathNot: '\\.test\\.ts$' },
      to: { path: '^apps/' },
    },
    {
      name: 'dashboard-never-imports-the-api',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/api/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist|\\.next)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
