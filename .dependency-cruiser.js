/**
 * The layer rules of ARCHITECTURE.md, checked by `npm run lint`:
 * 1. dependencies point inward (domain ← application ← infrastructure);
 * 2. modules meet only at their front door (index.ts).
 */
const FRAMEWORKS = '^(@nestjs|typeorm|fastify|pg|@fastify|nestjs-cls|@nestjs-cls|class-validator|class-transformer)';

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
      comment: "another module is imported through its index.ts, or its pure error catalogue (domain/*.errors.ts) so that the same fact keeps one code",
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
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
