#!/usr/bin/env node
// The `pypi-registry` command. npm links a workspace's bin at `npm ci`, before anything is
// compiled, and skips a bin whose file does not exist yet: so the linked file is this committed
// launcher, which compiles the package on first use in a source checkout (an installed tarball
// always ships dist/) and then runs dist/cli.js.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const packageRoot = join(__dirname, '..');
const cli = join(packageRoot, 'dist', 'cli.js');
if (!existsSync(cli)) {
  const config = join(packageRoot, 'tsconfig.build.json');
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [packageRoot] });
  } catch {
    tsc = undefined;
  }
  if (!existsSync(config) || tsc === undefined) {
    process.stderr.write(`pypi-registry is not built (${cli} is missing) and cannot be built here: run \`npm run build\` in the repository root\n`);
    process.exit(1);
  }
  process.stderr.write('pypi-registry: compiling on first use (tsc -p packages/pypi-registry/tsconfig.build.json)\n');
  const built = spawnSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(cli)) {
    process.stderr.write('pypi-registry: compiling failed; run `npm run build` in the repository root and try again\n');
    process.exit(1);
  }
}
require(cli);
