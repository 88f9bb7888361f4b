import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuild } from '../packages/nx-pypi/src/executors/build/executor';
import { BUILD_FIXTURES, type BuildFixture } from '../packages/nx-pypi/src/executors/build/test-support/conformance-fixtures';
import { makeTempDir, writeFiles } from '../packages/nx-pypi/src/executors/build/test-support/fixtures';

/**
 * The native builder against the real backends Debian ships (setuptools 66, flit_core 3.8,
 * hatchling 1.12): for each fixture project, our wheel must hold the same files and the same
 * METADATA fields as `/usr/bin/python3 -m build --no-isolation` produces, both artifacts must pass
 * `twine check --strict`, pip must install both offline and import them, and the real backend must
 * rebuild our wheel's file list from our sdist.
 *
 * Differences that come from these backends being older than the specs we follow are normalized
 * in one place (CHECK_SCRIPT), each with its reason:
 * - license files: setuptools 66 / flit 3.8 put them directly in .dist-info/, PEP 639 (and current
 *   setuptools, hatchling) under .dist-info/licenses/;
 * - `License-File` and `Metadata-Version`: they write License-File under 2.1, which the spec only
 *   defines from 2.4; we write the lowest version that expresses our fields (2.1 here);
 * - flit 3.8 does not write `License` at all ("TODO" in flit_core/config.py).
 * Requirements and markers are compared parsed (setuptools 66 writes `name (>=1)`), not as text.
 */
const PYTHON = '/usr/bin/python3';
const TWINE = '/usr/bin/twine';

const CHECK_SCRIPT = String.raw`
import email.parser, json, re, sys, tarfile, zipfile
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

LICENSE = re.compile(r'^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)')

def files(whl):
    out = []
    for name in zipfile.ZipFile(whl).namelist():
        top, _, rest = name.partition('/')
        if top.endswith('.dist-info'):
            # setuptools 66 keeps case and dots in the folder name (Alpha.Pkg-1.0.dist-info).
            dist, _, version = top[:-len('.dist-info')].rpartition('-')
            top = canonicalize_name(dist).replace('-', '_') + '-' + version + '.dist-info'
            name = top + '/' + rest
        if top.endswith('.dist-info') and '/' not in rest and LICENSE.match(rest):
            name = top + '/licenses/' + rest
        out.append(name)
    return sorted(out)

def req(text):
    r = Requirement(text)
    return [canonicalize_name(r.name), sorted(r.extras), str(SpecifierSet(str(r.specifier))), r.url, str(r.marker) if r.marker else None]

def meta(whl, backend):
    z = zipfile.ZipFile(whl)
    name = [n for n in z.namelist() if n.endswith('.dist-info/METADATA')][0]
    msg = email.parser.Parser().parsestr(z.read(name).decode('utf-8'))
    fold = lambda v: re.sub(r'\s+', ' ', v).strip() if v is not None else None
    out = {
        'Name': canonicalize_name(msg['Name']), 'Version': msg['Version'], 'Summary': msg['Summary'],
        'Keywords': sorted(k.strip() for k in (msg['Keywords'] or '').split(',') if k.strip()),
        'Author': msg['Author'], 'Author-email': msg['Author-email'],
        'Maintainer': msg['Maintainer'], 'Maintainer-email': msg['Maintainer-email'],
        'License': None if backend == 'flit' else fold(msg['License']),
        'Classifier': sorted(msg.get_all('Classifier') or []),
        'Project-URL': sorted(fold(u) for u in msg.get_all('Project-URL') or []),
        'Requires-Python': str(SpecifierSet(msg['Requires-Python'])) if msg['Requires-Python'] else None,
        'Requires-Dist': sorted(req(r) for r in msg.get_all('Requires-Dist') or []),
        'Provides-Extra': sorted(canonicalize_name(e) for e in msg.get_all('Provides-Extra') or []),
        'Description-Content-Type': msg['Description-Content-Type'],
        'Description': (msg.get_payload() or '').strip(),
    }
    return out

ours, ref, from_sdist, backend = sys.argv[1:5]
print(json.dumps({
    'ourFiles': files(ours), 'refFiles': files(ref), 'fromSdistFiles': files(from_sdist),
    'ourMeta': meta(ours, backend), 'refMeta': meta(ref, backend),
}))
`;

interface RunResult {
  code: number;
  output: string;
}

/** Child environment without the machine's pip/requests settings (local wheel folder, CA bundle). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PIP_|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|SSL_CERT_FILE|PYTHON)/.test(k)) env[k] = v;
  env['PIP_NO_INDEX'] = '1';
  env['PIP_DISABLE_PIP_VERSION_CHECK'] = '1';
  return env;
}

function run(command: string, args: string[], cwd: string, env = cleanEnv()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function runOk(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.output}`);
  return result.output;
}

async function only(dir: string, suffix: string): Promise<string> {
  const matches = (await readdir(dir)).filter((f) => f.endsWith(suffix));
  if (matches.length !== 1) throw new Error(`expected one *${suffix} in ${dir}, found ${matches.join(', ') || 'none'}`);
  return join(dir, matches[0]);
}

interface FixtureResult {
  ourFiles: string[];
  refFiles: string[];
  fromSdistFiles: string[];
  ourMeta: Record<string, unknown>;
  refMeta: Record<string, unknown>;
  twine: RunResult;
  wheelImport: RunResult;
  sdistImport: RunResult;
  /** flit only: both sdists' member lists, without their top folder (flit_core's selection is exact). */
  sdistMembers?: { ours: string[]; ref: string[] };
  /** What the build said (which builder ran, and why). */
  buildLog: string[];
}

/** The member paths of an sdist below its top folder, sorted. */
async function sdistMembers(path: string, cwd: string): Promise<string[]> {
  const listing = await runOk('tar', ['-tzf', path], cwd);
  return listing
    .split('\n')
    .map((line) => line.split('/').slice(1).join('/'))
    .filter((line) => line !== '' && !line.endsWith('/'))
    .sort();
}

describe('native build conformance with the real backends', () => {
  let root: string;
  let venvPython: string;
  const results = new Map<string, Promise<FixtureResult>>();

  async function buildReal(src: string, backend: BuildFixture['backend'], out: string, args: string[]): Promise<void> {
    // Debian's hatchling declares a dependency on `editables`, which Debian lacks (STACK.md).
    const skip = backend === 'hatchling' ? ['--skip-dependency-check'] : [];
    await runOk(PYTHON, ['-m', 'build', '--no-isolation', ...skip, ...args, '--outdir', out, src], src);
  }

  async function check(fixture: BuildFixture): Promise<FixtureResult> {
    const base = join(root, fixture.name);
    const ours = join(base, 'ours');
    const ref = join(base, 'ref');
    await writeFiles(ours, fixture.files);
    await cp(ours, ref, { recursive: true });
    const buildLog: string[] = [];
    const log = { info: (line: string) => buildLog.push(line), warn: (line: string) => buildLog.push(line) };
    await runBuild({ builder: 'native', python: PYTHON, isolated: false, workspaceRoot: base, projectRoot: ours, outputDir: join(ours, 'dist') }, process.env, {
      log,
    });
    const ourWheel = await only(join(ours, 'dist'), '.whl');
    const ourSdist = await only(join(ours, 'dist'), '.tar.gz');
    await buildReal(ref, fixture.backend, join(base, 'ref-dist'), ['--wheel']);
    // The real backend, given our sdist, must produce our wheel's file list.
    const unpacked = join(base, 'unpacked');
    await mkdir(unpacked);
    await runOk('tar', ['-xzf', ourSdist, '-C', unpacked], base);
    const [sdistRoot] = await readdir(unpacked);
    await buildReal(join(unpacked, sdistRoot), fixture.backend, join(base, 'from-sdist'), ['--wheel']);
    const refWheel = await only(join(base, 'ref-dist'), '.whl');
    const fromSdist = await only(join(base, 'from-sdist'), '.whl');
    const compared = JSON.parse(await runOk(PYTHON, [join(root, 'check.py'), ourWheel, refWheel, fromSdist, fixture.backend], base));
    const twine = await run(TWINE, ['check', '--strict', ourWheel, ourSdist], base);
    const importArgs = ['-c', `import ${fixture.importName}`];
    const pipArgs = ['-m', 'pip', 'install', '--no-index', '--no-deps', '--no-build-isolation', '--target'];
    await runOk(venvPython, [...pipArgs, join(base, 'site-wheel'), ourWheel], base);
    await runOk(venvPython, [...pipArgs, join(base, 'site-sdist'), ourSdist], base);
    const wheelImport = await run(venvPython, importArgs, base, { ...cleanEnv(), PYTHONPATH: join(base, 'site-wheel') });
    const sdistImport = await run(venvPython, importArgs, base, { ...cleanEnv(), PYTHONPATH: join(base, 'site-sdist') });
    let members: FixtureResult['sdistMembers'];
    if (fixture.backend === 'flit' || fixture.backend === 'hatchling') {
      await buildReal(ref, fixture.backend, join(base, 'ref-sdist'), ['--sdist']);
      members = { ours: await sdistMembers(ourSdist, base), ref: await sdistMembers(await only(join(base, 'ref-sdist'), '.tar.gz'), base) };
    }
    return { ...compared, twine, wheelImport, sdistImport, sdistMembers: members, buildLog };
  }

  beforeAll(async () => {
    // Say what is missing up front rather than failing inside each fixture.
    const probe = await run(PYTHON, ['-c', 'import build, setuptools, wheel, flit_core, hatchling, packaging'], '/');
    if (probe.code !== 0)
      throw new Error(
        `The reference backends are missing (apt-get install python3-build python3-setuptools python3-wheel flit python3-hatchling twine python3-venv):\n${probe.output}`,
      );
    root = await makeTempDir('conformance');
    await writeFile(join(root, 'check.py'), CHECK_SCRIPT);
    // One fresh venv that sees Debian's backends (to build our sdist with --no-build-isolation).
    await runOk(PYTHON, ['-m', 'venv', '--system-site-packages', join(root, 'venv')], root);
    venvPython = join(root, 'venv', 'bin', 'python');
    // Two at a time: each real build is a ~1 s Python process, and the machine has 2 cores.
    const queue = [...BUILD_FIXTURES];
    const worker = async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const fixture = f;
        const promise = check(fixture);
        results.set(fixture.name, promise);
        await promise.catch(() => undefined);
      }
    };
    await Promise.all([worker(), worker()]);
  }, 240_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  describe.each(BUILD_FIXTURES.map((f) => [f.name, f] as const))('%s', (name, fixture) => {
    it('has the wheel file list and METADATA fields of the real backend', async () => {
      const r = await results.get(name)!;
      expect(r.buildLog[0]).toMatch(new RegExp(`^nx-pypi: building natively, as ${fixture.backend} would`));
      expect(r.ourFiles).toEqual(r.refFiles);
      expect(r.ourMeta).toEqual(r.refMeta);
      for (const file of fixture.expectInWheel) expect(r.ourFiles).toContain(file);
    });

    if (fixture.backend === 'flit') {
      it("has flit_core's sdist file list", async () => {
        const r = await results.get(name)!;
        // flit_core >= 3.12 ships the PEP 639 default license files (LICENSE*, ...) in the sdist, as
        // nx-pypi does; Debian's 3.8 puts them only in the wheel. Checked with flit_core 4.1.0.
        const licenseAtTop = /^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$/;
        const ours = r.sdistMembers?.ours.filter((f) => !licenseAtTop.test(f) || r.sdistMembers?.ref.includes(f));
        expect(ours).toEqual(r.sdistMembers?.ref);
      });
    }

    if (fixture.backend === 'hatchling') {
      it("has hatchling's sdist file list", async () => {
        const r = await results.get(name)!;
        expect(r.sdistMembers?.ours).toEqual(r.sdistMembers?.ref);
      });
    }

    it('passes twine check --strict', async () => {
      const r = await results.get(name)!;
      expect(r.twine.code === 0 ? 'passed' : r.twine.output).toBe('passed');
    });

    it('installs from the wheel and from the sdist with pip, and imports', async () => {
      const r = await results.get(name)!;
      expect(r.wheelImport.code === 0 ? 'imported' : r.wheelImport.output).toBe('imported');
      expect(r.sdistImport.code === 0 ? 'imported' : r.sdistImport.output).toBe('imported');
    });

    it('rebuilds the same wheel file list from our sdist with the real backend', async () => {
      const r = await results.get(name)!;
      expect(r.fromSdistFiles).toEqual(r.ourFiles);
    });
  });
});
