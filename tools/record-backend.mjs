// Records what a real PEP 517 build backend builds for the synthetic fixture projects in
// packages/nx-pypi/src/executors/build/test-support/<backend>/<case>/project/, into <case>/expected.json.
// The tests compare nx-pypi's native build with these recordings and never run this script: it is for a
// developer who changes a fixture, on a machine whose pip can install the backend at the pinned version.
//
//   node tools/record-backend.mjs <backend> [--python /path/to/python] [case ...]
//
// <backend>: poetry-core (poetry-core 2.5.0, poetry.core.masonry.api), hatchling (hatchling 1.32.4,
// hatchling.build) or setuptools (setuptools 84.0.0, setuptools.build_meta; its generated sdist files,
// setup.cfg and the egg-info, are recorded with their text under sdist.generated). --python: the interpreter that creates the throw-away venv (default: python3). With
// case names, only those cases are re-recorded. Each case is copied to a temporary directory first; its
// case.json may ask for
//   "git": true           -> `git init` + `git add -A` in the copy (the fixture's `gitignore` becomes `.gitignore`)
//   "createFiles": {...}  -> files written in the copy only (e.g. a __pycache__/*.pyc our repository must not hold)
//   "parent": { "files": {...}, "git": true }
//                         -> the project is copied to <copy>/repo/project and the files are written into
//                            <copy>/repo/ (a monorepo around the project); with "git": true the git repository
//                            is made at repo/ (`git init` + `git add -A` there) instead of in the project
// Then one Python process per case calls the backend's build_wheel and build_sdist with
// SOURCE_DATE_EPOCH=1700000000 (cwd: the project) and reads both archives back.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, devNull } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DATE_EPOCH = '1700000000';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEST_SUPPORT = join(ROOT, 'packages/nx-pypi/src/executors/build/test-support');

/** The backends this script records: the pip requirement, the PEP 517 hooks module, the fixtures folder. */
const BACKENDS = {
  'poetry-core': { distribution: 'poetry-core', version: '2.5.0', hooks: 'poetry.core.masonry.api', casesDir: join(TEST_SUPPORT, 'poetry-core') },
  hatchling: { distribution: 'hatchling', version: '1.32.4', hooks: 'hatchling.build', casesDir: join(TEST_SUPPORT, 'hatchling') },
  setuptools: { distribution: 'setuptools', version: '84.0.0', hooks: 'setuptools.build_meta', casesDir: join(TEST_SUPPORT, 'setuptools') },
};

// Builds both archives from the current directory (the case's project copy) and prints what expected.json
// holds. argv: the output folder, the hooks module, the backend's distribution name.
const RECORD_PY = String.raw`
import contextlib, importlib, importlib.metadata, json, platform, re, sys, tarfile, zipfile
from pathlib import Path

out = Path(sys.argv[1])
api = importlib.import_module(sys.argv[2])
distribution = sys.argv[3]
# Backends log to stdout (setuptools: "running bdist_wheel"); stdout carries only the recording.
with contextlib.redirect_stdout(sys.stderr):
    wheel_name = api.build_wheel(str(out))
    sdist_name = api.build_sdist(str(out))

def mode(bits):
    return format(bits & 0o777, "04o")

with zipfile.ZipFile(out / wheel_name) as zf:
    infos = zf.infolist()
    names = [i.filename for i in infos]
    dist_info = next(n.split("/")[0] for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
    def text(name):
        path = dist_info + "/" + name
        return zf.read(path).decode("utf-8") if path in names else None
    wheel = {
        "filename": wheel_name,
        "files": names,
        "METADATA": text("METADATA"),
        "WHEEL": text("WHEEL"),
        "entry_points.txt": text("entry_points.txt"),
        "RECORD": text("RECORD"),
        "modes": {i.filename: mode(i.external_attr >> 16) for i in infos},
    }

with tarfile.open(out / sdist_name, "r:gz") as tf:
    members = tf.getmembers()
    pkg_info = next(m for m in members if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
    sdist = {
        "filename": sdist_name,
        "files": [m.name for m in members],
        "PKG-INFO": tf.extractfile(pkg_info).read().decode("utf-8"),
        "modes": {m.name: mode(m.mode) for m in members},
    }
    # setuptools' generated files (egg-info, setup.cfg): their text, where a backend writes them.
    generated = {m.name: tf.extractfile(m).read().decode("utf-8") for m in members
                 if m.isfile() and re.match(r"^[^/]+/(setup\.cfg|([^/]+/)*[^/]+\.egg-info/[^/]+)$", m.name)}
    if generated:
        sdist["generated"] = generated

print(json.dumps({
    "recordedWith": f"{distribution} {importlib.metadata.version(distribution)}, Python {platform.python_version()}",
    "wheel": wheel,
    "sdist": sdist,
}))
`;

function usage(exitCode) {
  const text = `usage: node tools/record-backend.mjs <${Object.keys(BACKENDS).join('|')}> [--python /path/to/python] [case ...]\n`;
  (exitCode ? process.stderr : process.stdout).write(text);
  process.exit(exitCode);
}

function parseArgs(argv) {
  let python = 'python3';
  let backend;
  const cases = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') usage(0);
    else if (arg === '--python') {
      if (i + 1 >= argv.length) usage(2);
      python = argv[++i];
    } else if (arg.startsWith('--python=')) python = arg.slice('--python='.length);
    else if (arg.startsWith('-')) usage(2);
    else if (backend === undefined) backend = arg;
    else cases.push(arg);
  }
  if (backend === undefined) usage(2);
  if (!Object.hasOwn(BACKENDS, backend)) {
    process.stderr.write(`unknown backend ${backend} (backends: ${Object.keys(BACKENDS).join(', ')})\n`);
    process.exit(2);
  }
  return { python, backend: BACKENDS[backend], cases };
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

function check(result, what) {
  if (result.error || result.status !== 0) {
    process.stderr.write(`${what} failed${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}\n`);
    if (result.stdout) process.stderr.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    return false;
  }
  return true;
}

function listCases(casesDir, selected) {
  const all = readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(casesDir, entry.name, 'project')))
    .map((entry) => entry.name)
    .sort();
  for (const name of selected) {
    if (!all.includes(name)) {
      process.stderr.write(`unknown case ${name} (cases: ${all.join(', ')})\n`);
      process.exit(2);
    }
  }
  return selected.length ? all.filter((name) => selected.includes(name)) : all;
}

/** The environment of the git commands and the build: no user or system git config, no repository above the copy
 * (copyParent holds the project, or the repo/ folder around it for a `parent` case). */
function caseEnv(copyParent) {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  return {
    ...env,
    SOURCE_DATE_EPOCH,
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CEILING_DIRECTORIES: copyParent,
    GIT_AUTHOR_NAME: 'Fixture Recorder',
    GIT_AUTHOR_EMAIL: 'recorder@example.com',
    GIT_AUTHOR_DATE: `@${SOURCE_DATE_EPOCH} +0000`,
    GIT_COMMITTER_NAME: 'Fixture Recorder',
    GIT_COMMITTER_EMAIL: 'recorder@example.com',
    GIT_COMMITTER_DATE: `@${SOURCE_DATE_EPOCH} +0000`,
  };
}

function readCaseConfig(caseDir) {
  return existsSync(join(caseDir, 'case.json')) ? JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) : {};
}

function writeFilesUnder(root, files) {
  for (const [relative, content] of Object.entries(files ?? {})) {
    const target = join(root, ...relative.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Copies the case to `copyParent` and returns the project folder in it, or undefined when a git command failed. */
function prepareCopy(name, caseDir, config, copyParent, env) {
  // With `parent`, the project sits in a folder of a larger repository: <copyParent>/repo/project.
  const repo = config.parent ? join(copyParent, 'repo') : undefined;
  const project = repo ? join(repo, 'project') : join(copyParent, 'project');
  cpSync(join(caseDir, 'project'), project, { recursive: true }); // keeps each file's mode (the executable bit)
  if (existsSync(join(project, 'gitignore'))) renameSync(join(project, 'gitignore'), join(project, '.gitignore'));
  writeFilesUnder(project, config.createFiles);
  if (repo) writeFilesUnder(repo, config.parent.files);
  const gitRoot = repo && config.parent.git ? repo : config.git ? project : undefined;
  if (gitRoot) {
    for (const args of [
      ['-c', 'init.defaultBranch=main', 'init', '-q'],
      ['add', '-A'],
    ]) {
      if (!check(run('git', args, { cwd: gitRoot, env }), `${name}: git ${args.join(' ')}`)) return undefined;
    }
  }
  return project;
}

function main() {
  const { python, backend, cases: selected } = parseArgs(process.argv.slice(2));
  const cases = listCases(backend.casesDir, selected);
  const requirement = `${backend.distribution}==${backend.version}`;
  const temp = mkdtempSync(join(tmpdir(), `record-${backend.distribution}-`));
  let failed = 0;
  try {
    const venv = join(temp, 'venv');
    if (!check(run(python, ['-m', 'venv', venv]), `${python} -m venv ${venv}`)) return 1;
    const venvPython = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');

    const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', requirement];
    if (!check(run(venvPython, pipArgs), 'pip install')) {
      process.stderr.write(
        `\nThe command was: ${venvPython} ${pipArgs.join(' ')}\n` +
          `Recording needs a machine whose pip can reach ${requirement} (PyPI or a configured index).\n`,
      );
      return 1;
    }

    for (const name of cases) {
      const caseDir = join(backend.casesDir, name);
      const copyParent = join(temp, 'cases', name);
      const out = join(copyParent, 'out');
      mkdirSync(out, { recursive: true });
      const env = caseEnv(copyParent);
      const project = prepareCopy(name, caseDir, readCaseConfig(caseDir), copyParent, env);
      if (!project) {
        failed++;
        continue;
      }
      const result = run(venvPython, ['-c', RECORD_PY, out, backend.hooks, backend.distribution], { cwd: project, env });
      if (!check(result, `${name}: ${backend.distribution} build`)) {
        failed++;
        continue;
      }
      const recorded = JSON.parse(result.stdout);
      writeFileSync(join(caseDir, 'expected.json'), JSON.stringify(recorded, null, 2) + '\n');
      const warnings = result.stderr.trim();
      console.log(
        `${name}: ${recorded.wheel.filename} (${recorded.wheel.files.length} files), ${recorded.sdist.filename} (${recorded.sdist.files.length} files)` +
          (warnings ? `\n  ${backend.distribution} said: ${warnings.split('\n').join('\n  ')}` : ''),
      );
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  if (failed) process.stderr.write(`${failed} case(s) failed; their expected.json was left as it was\n`);
  return failed ? 1 : 0;
}

process.exitCode = main();
