/**
 * The layer rules of docs/architecture.md ("Layers and rules, enforced"), checked by `npm run lint`:
 * 1. dependencies point inward (domain ← application ← infrastructure), also transitively: what a
 *    domain file reaches through libs and other files counts, not only what it imports;
 * 2. modules meet only at their front door (index.ts).
 */
const FRAMEWORKS = '^(@nestjs|typeorm|fastify|pg|@fastify|nestjs-cls|@nestjs-cls|class-validator|class-transformer)';

// Packages as dependency-cruiser resolves them (node_modules is not followed, so each is a leaf).
const pkg = (names) => `^node_modules/(${names.join('|')})/`;
/** No framework at all: domain code and libs/core. */
const FRAMEWORK_PACKAGES = pkg([
  '@nestjs/[^/]+',
  'typeorm',
  'fastify',
  '@fastify/[^/]+',
  'pg',
  'pg-[^/]+',
  'passport[^/]*',
  'nestjs-cls',
  '@nestjs-cls/[^/]+',
  'class-validator',
  'class-transformer',
  'rxjs',
]);
/** What application code (ports, use cases) must not reach: persistence, HTTP server, authentication strategies. */
const INFRASTRUCTURE_PACKAGES = pkg([
  'typeorm',
  '@nestjs/typeorm',
  'pg',
  'pg-[^/]+',
  'fastify',
  '@fastify/[^/]+',
  '@nestjs/platform-fastify',
  'passport[^/]*',
  '@nestjs/passport',
]);

/**
 * Application files that still reach those packages, each through a concrete lib service it
 * injects (AuditTrail, TenantTransaction, JobQueue, AccessTokenIssuer, RateLimitStore: classes
 * that carry TypeORM or Passport) or through another module's index (which exports its Nest
 * module). Ports and every new application file are held to the rule; this list only shrinks,
 * as those lib services get pure ports of their own.
 */
const REACHES_INFRASTRUCTURE_THROUGH_LIB_SERVICES = [
  'organizations/application/(api-keys|auth|invitations|members|organization|profile)\\.service\\.ts$',
  'organizations/application/session-issuer\\.ts$',
  'projects/application/(analyses|branches|projects|repositories)\\.service\\.ts$',
  'projects/application/analysis-runner\\.ts$',
  'tasks/application/(bulk-tasks|ready-queue|task-relations|tasks|workflows)\\.service\\.ts$',
  'tasks/application/(task-change-log|task-references)\\.ts$',
].map((file) => `^src/modules/${file}`);

module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain-typescript',
      comment: 'domain/ imports no framework, ORM or HTTP code',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { path: [FRAMEWORKS, '^node_modules/(@nestjs|typeorm|fastify|pg|nestjs-cls|class-validator)'] },
    },
    {
      name: 'domain-reaches-no-framework',
      comment: 'nor through anything it imports (a lib index that re-exports a guard or a Nest module counts)',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { path: FRAMEWORK_PACKAGES, reachable: true },
    },
    {
      name: 'core-is-pure',
      comment: 'libs/core (errors, roles, actor, page) is the pure shared kernel: it imports only itself',
      severity: 'error',
      from: { path: '^libs/core/' },
      to: { pathNot: '^libs/core/' },
    },
    {
      name: 'application-imports-no-infrastructure-package',
      comment: 'application/ may use @nestjs/common (@Injectable) but not the ORM, the driver, the HTTP server or Passport',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/application/' },
      to: { path: INFRASTRUCTURE_PACKAGES },
    },
    {
      name: 'application-reaches-no-infrastructure-package',
      comment: 'transitively too; see REACHES_INFRASTRUCTURE_THROUGH_LIB_SERVICES for the files not yet held to it',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/application/', pathNot: REACHES_INFRASTRUCTURE_THROUGH_LIB_SERVICES },
      to: { path: INFRASTRUCTURE_PACKAGES, reachable: true },
    },
    {
      name: 'domain-does-not-reach-outward',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/domain/' },
      to: { path: '^src/modules/$1/(application|infrastructure)/' },
    },
    {
      name: 'application-does-not-reach-infrastructure',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/application/' },
      to: { path: '^src/modules/$1/infrastructure/' },
    },
    {
      name: 'modules-meet-at-index',
      comment: 'another module is imported through its index.ts, or its pure error catalogue (domain/*.errors.ts) so that the same fact keeps one code',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '^src/modules/[^/]+/domain/[^/]+\\.errors\\.ts$'] },
    },
    {
      name: 'libs-do-not-import-modules',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
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
    exclude: { path: '(^dist/|\\.(spec|fake)\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
