// The dependency rule of the server's rooms (docs/architecture.md), checked by `npm run lint:deps` and
// by tests/unit/dependency-rule.test.ts (so `npm test`, hence CI, fails on a violation).
// A tool config file: dependency-cruiser reads `module.exports` of a CommonJS file, so this one file is
// exempt from the no-default-export rule, which is about our own modules (docs/decisions.md 148).
const REPOSITORY = '\\.repository\\.ts$';
const SERVICE = '\\.service\\.ts$';
const EDGE = '(\\.graphql|\\.routes)\\.ts$|^server/graphql/';
const WEB_FRAMEWORK = '(^|/)node_modules/(fastify|fastify-plugin|mercurius|@fastify/[^/]+)/|^(fastify|mercurius)$';
const KYSELY = '(^|/)node_modules/kysely/|^kysely$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules form a tree: a cycle (through value imports) means two rooms know each other.',
      severity: 'error',
      from: { path: '^(server|form-engine)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'repository-stays-down',
      comment: 'A repository is kysely only, with the transaction passed in: it knows no service, GraphQL, route, HTTP plugin or fastify.',
      severity: 'error',
      from: { path: REPOSITORY },
      to: { path: [SERVICE, EDGE, '^server/http/', WEB_FRAMEWORK] },
    },
    {
      name: 'service-knows-no-edge',
      comment: 'A service holds the rules: no GraphQL, route, HTTP plugin or fastify.',
      severity: 'error',
      from: { path: SERVICE },
      to: { path: [EDGE, '^server/http/', WEB_FRAMEWORK] },
    },
    {
      name: 'service-writes-no-sql',
      comment: 'No SQL in a service: it may use the Kysely and Transaction *types* (to pass trx on), never kysely values (sql, expression builders), which only repositories and the db/ room use.',
      severity: 'error',
      from: { path: SERVICE },
      to: { path: KYSELY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'edge-calls-services',
      comment: 'Resolvers, loaders and routes call services, never a repository (not even for its types: row types come from db/schema.ts).',
      severity: 'error',
      from: { path: EDGE },
      to: { path: REPOSITORY },
    },
    {
      name: 'edge-writes-no-sql',
      comment: 'Resolvers and routes build no queries either.',
      severity: 'error',
      from: { path: EDGE },
      to: { path: KYSELY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'graphql-plugin-only-in-app',
      comment: 'Only the app assembly mounts GraphQL.',
      severity: 'error',
      from: { path: '^', pathNot: '^server/app\\.ts$' },
      to: { path: '^server/graphql/plugin\\.ts$' },
    },
    {
      name: 'graphql-assembly-only',
      comment: 'Domains import only the assembly\'s types and helpers (context, module); the assembly alone lists the modules.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/(graphql/|app\\.ts$|cli/)' },
      to: { path: '^server/graphql/(modules|plugin|base|errors|limits)\\.ts$' },
    },
    {
      name: 'core-is-neutral',
      comment: 'server/core (problems, params, uploads and table readers, the service container) may be imported by every layer, so it imports no GraphQL, HTTP plugin, route or fastify.',
      severity: 'error',
      from: { path: '^server/core/' },
      to: { path: [EDGE, '^server/http/', WEB_FRAMEWORK] },
    },
    {
      name: 'fastify-at-the-edge',
      comment: 'fastify and mercurius belong to routes, GraphQL modules, the HTTP plugins and the app assembly.',
      severity: 'error',
      from: { path: '^server/', pathNot: ['(\\.graphql|\\.routes)\\.ts$', '^server/(graphql|http|cli)/', '^server/app\\.ts$', '^server/reports/report-assets\\.ts$'] },
      to: { path: WEB_FRAMEWORK },
    },
    {
      name: 'form-engine-is-standalone',
      comment: 'The form engine runs in the browser and on the server: it imports nothing from server/ or web/.',
      severity: 'error',
      from: { path: '^form-engine/' },
      to: { path: '^(server|web)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)\\.svelte-kit/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    skipAnalysisNotInRules: true,
  },
};
