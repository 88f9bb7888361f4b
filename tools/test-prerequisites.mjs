// `npm test` step 1: the reference tools the conformance and e2e tests run (Debian's twine,
// build, setuptools, wheel, flit, hatchling, venv and keyring for /usr/bin/python3; PyPI is unreachable
// here, Debian's packages are the reference). On a fresh machine they are installed when this
// process may (root with apt-get, as on CI); otherwise it stops with the exact command to run,
// before any test starts, instead of 55 failures later.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';
// Python module the tests import -> the Debian package that provides it for /usr/bin/python3.
const REQUIRED = [
  ['twine', 'twine'],
  ['build', 'python3-build'],
  ['setuptools', 'python3-setuptools'],
  ['wheel', 'python3-wheel'],
  ['flit', 'flit'],
  ['hatchling', 'python3-hatchling'],
  ['ensurepip', 'python3-venv'],
  // The VCS-version e2e builds a setuptools_scm project through the PEP 517 fallback.
  ['setuptools_scm', 'python3-setuptools-scm'],
  ['poetry', 'python3-poetry-core'], // poetry.core's package; find_spec('poetry.core') raises while poetry is missing
  // The keyring tests store a password with the real `keyring` command (python3-keyring ships
  // /usr/bin/keyring) in a file backend of keyrings.alt (PlaintextKeyring in a temporary HOME).
  ['keyring', 'python3-keyring'],
  ['keyrings.alt', 'python3-keyrings.alt'],
];

function missingPackages() {
  if (!existsSync(PYTHON)) return ['python3', ...REQUIRED.map(([, pkg]) => pkg)];
  // find_spec of a dotted name imports its parent, which raises while the parent is missing too.
  const probe = [
    'import importlib.util, sys',
    'def missing(m):',
    '    try:',
    '        return importlib.util.find_spec(m) is None',
    '    except ModuleNotFoundError:',
    '        return True',
    'print(" ".join(m for m in sys.argv[1:] if missing(m)))',
  ].join('\n');
  const out = execFileSync(PYTHON, ['-c', probe, ...REQUIRED.map(([mod]) => mod)], { encoding: 'utf8' }).trim();
  const missing = new Set(out ? out.split(' ') : []);
  return REQUIRED.filter(([mod]) => missing.has(mod)).map(([, pkg]) => pkg);
}

const missing = missingPackages();
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
if (!canInstall) {
  console.error(`The tests need Debian's reference tools, missing here: ${missing.join(', ')}.`);
  console.error(`Install them, then run npm test again:\n  sudo ${command}`);
  process.exit(1);
}
console.log(`installing the tests' reference tools (Debian): ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', '--no-install-recommends', ...missing],
]) {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (exit ${result.status}); run it by hand:\n  ${command}`);
    process.exit(1);
  }
}
const still = missingPackages();
if (still.length > 0) {
  console.error(`still missing after apt-get: ${still.join(', ')}`);
  process.exit(1);
}
