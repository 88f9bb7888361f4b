import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NxPypiError } from '../../errors';
import { pipInstall, redactSecrets, runPython } from './pip';
import { ensureVenv, venvPython } from './venv';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nx-pypi-pip-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in interpreter: a shell script that prints `output` and exits with `code`. */
function fakePython(name: string, output: string, code: number): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\ncat <<'OUT'\n${output}\nOUT\nexit ${code}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function caught(promise: Promise<unknown>): Promise<NxPypiError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NxPypiError);
    return err as NxPypiError;
  }
  throw new Error('expected a rejection');
}

describe('redactSecrets', () => {
  it.each([
    ['a secret as written', 'password s3cr@t!', ['s3cr@t!'], 'password ***'],
    ['a secret percent-encoded in a URL', 'https://u:s3cr%40t@host/simple/', ['s3cr@t'], 'https://***@host/simple/'],
    ['userinfo of any URL, even without a known secret', 'Looking in indexes: https://bob:hunter2@nexus/x/', [], 'Looking in indexes: https://***@nexus/x/'],
    ['nothing when there is nothing to hide', 'Successfully installed a-1.0', ['zzz'], 'Successfully installed a-1.0'],
    ['an empty secret is not a match for everything', 'abc', [''], 'abc'],
  ])('hides %s', (_title, text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });
});

describe('runPython', () => {
  it('names the interpreter and the option to fix when it does not exist', async () => {
    const err = await caught(runPython(join(dir, 'no-such-python'), ['-V'], {}, dir));
    expect(err.code).toBe('PYTHON_MISSING');
    expect(err.render()).toMatch(/no-such-python" was not found[\s\S]*"python" option/);
  });
});

describe('pipInstall', () => {
  it("fails with pip's last lines and the environment line, the password never shown", async () => {
    const python = fakePython(
      'pip-fails',
      'Looking in indexes: https://reader:s3cr%40t@127.0.0.1/simple/\nERROR: No matching distribution found for thirdparty',
      1,
    );
    const err = await caught(
      pipInstall({
        python,
        requirements: ['x.whl'],
        env: {},
        envDescription: 'Python tools trust /ca.pem; index https://reader:s3cr@t@host/',
        cwd: dir,
        secrets: ['s3cr@t'],
      }),
    );
    expect(err.code).toBe('INSTALL_PIP_FAILED');
    const text = err.render();
    expect(text).toContain('No matching distribution found for thirdparty');
    expect(text).toContain('exit code 1');
    expect(text).toContain('Python tools trust /ca.pem');
    expect(text).not.toContain('s3cr');
  });

  it('points at clientCert when the index refused the TLS connection over the client certificate', async () => {
    const python = fakePython(
      'pip-mtls',
      "Could not fetch URL https://h/simple/x/: (Caused by SSLError(SSLError(1, '[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)'))) - skipping\nERROR: No matching distribution found for x",
      1,
    );
    const err = await caught(pipInstall({ python, requirements: ['x'], env: {}, envDescription: '', cwd: dir, secrets: [] }));
    expect(err.hint).toContain('set "clientCert" (and "clientKey" unless that file holds the key) for the repository in nx-pypi.json');
  });

  it("returns pip's output, redacted, when it succeeds", async () => {
    const python = fakePython('pip-ok', 'Looking in indexes: https://reader:pw@h/\nSuccessfully installed a-1.0', 0);
    const out = await pipInstall({ python, requirements: ['a.whl'], env: {}, envDescription: '', cwd: dir, secrets: ['pw'] });
    expect(out).toContain('Successfully installed a-1.0');
    expect(out).not.toContain(':pw@');
  });
});

describe('ensureVenv', () => {
  it('reuses a venv that has its interpreter, without running python', async () => {
    const venvDir = join(dir, 'existing');
    mkdirSync(join(venvDir, 'bin'), { recursive: true });
    writeFileSync(venvPython(venvDir), '');
    await expect(ensureVenv({ python: join(dir, 'no-such-python'), venvDir, env: {}, cwd: dir })).resolves.toEqual({
      python: venvPython(venvDir),
      created: false,
    });
  });

  it('says to install python3-venv when the interpreter has no ensurepip', async () => {
    const python = fakePython(
      'no-ensurepip',
      'The virtual environment was not created successfully because ensurepip is not\navailable.  On Debian/Ubuntu systems, you need to install the python3-venv package',
      1,
    );
    const err = await caught(ensureVenv({ python, venvDir: join(dir, 'new'), env: {}, cwd: dir }));
    expect(err.code).toBe('INSTALL_VENV_FAILED');
    expect(err.render()).toMatch(/apt-get install python3-venv/);
  });

  it('places the interpreter where each platform keeps it', () => {
    expect(venvPython('/w/.venv', 'linux')).toBe('/w/.venv/bin/python');
    expect(venvPython('/w/.venv', 'win32')).toMatch(/Scripts[\\/]python\.exe$/);
  });
});
