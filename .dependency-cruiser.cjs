/**
 * The layering of packages/nx-pypi (see STYLE.md), held by `npm test` (npm run lint:layers):
 * plugin, generators, executors, release, cli -> io -> core; core is pure; nothing imports an
 * executor or a generator from outside it; the local registry and the plugin share no code, so
 * a test double never agrees with the client's bugs. Tests (specs, test-support) may use anything.
 */
const SRC = '^packages/nx-pypi/src/';
const NOT_TESTS = '(\\.spec\\.ts$|/test-support/)';

module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'core/ is pure domain logic: it cannot reach the effect, Nx or command layers.',
      severity: 'error',
      from: { path: `${SRC}core/`, pathNot: NOT_TESTS },
      to: { path: `${SRC}(io|plugin|executors|generators|cli|release)/` },
    },
    {
      name: 'core-has-no-effects',
      comment: 'core/ does no file, process or network I/O and does not know Nx: that is io/ and the Nx glue.',
      severity: 'error',
      from: { path: `${SRC}core/`, pathNot: NOT_TESTS },
      to: {
        dependencyTypesNot: ['type-only'],
        path: '^(node:)?(fs|fs/promises|child_process|http|https|http2|tls|dgram|os|worker_threads|cluster|readline)$|node_modules/(undici|@nx/devkit|nx)/',
      },
    },
    {
      name: 'io-below-the-nx-glue',
      comment: 'io/ performs effects for the layers above it and imports none of them.',
      severity: 'error',
      from: { path: `${SRC}io/`, pathNot: NOT_TESTS },
      to: { path: `${SRC}(plugin|executors|generators|cli|release)/` },
    },
    {
      name: 'nothing-imports-an-executor',
      comment: "An executor's folder is its own; shared code belongs in io/ or core/ (executors/batch-runner.ts is the shared batch driver).",
      severity: 'error',
      from: { path: `${SRC}(?!executors/)`, pathNot: NOT_TESTS },
      to: { path: `${SRC}executors/[^/]+/` },
    },
    {
      name: 'executors-do-not-import-each-other',
      severity: 'error',
      from: { path: `${SRC}executors/([^/]+)/`, pathNot: NOT_TESTS },
      to: { path: `${SRC}executors/[^/]+/`, pathNot: `${SRC}executors/$1/` },
    },
    {
      name: 'nothing-imports-a-generator',
      severity: 'error',
      from: { path: `${SRC}(?!generators/)`, pathNot: NOT_TESTS },
      to: { path: `${SRC}generators/[^/]+/` },
    },
    {
      name: 'generators-do-not-import-each-other',
      severity: 'error',
      from: { path: `${SRC}generators/([^/]+)/`, pathNot: NOT_TESTS },
      to: { path: `${SRC}generators/[^/]+/`, pathNot: `${SRC}generators/$1/` },
    },
    {
      name: 'registry-and-plugin-share-no-code',
      severity: 'error',
      from: { path: '^packages/(nx-pypi|pypi-registry)/src/', pathNot: NOT_TESTS },
      to: { path: '^packages/(nx-pypi|pypi-registry)/src/', pathNot: '^packages/$1/src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
