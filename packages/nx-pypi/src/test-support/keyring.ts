/**
 * A real keyring for tests: Debian's `keyring` command with keyrings.alt's PlaintextKeyring
 * (installed by tools/test-prerequisites.mjs), its file in a directory of the test's own, so the
 * machine's keyring is never read or written. Passwords are stored as a user would store them:
 * `keyring set <service> <user>` with the password on stdin.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface TestKeyring {
  /** HOME, XDG_DATA_HOME, XDG_CONFIG_HOME and PYTHON_KEYRING_BACKEND pointing into the test's directory, and PATH. */
  env: Record<string, string>;
  set(service: string, username: string, password: string): void;
}

export function createTestKeyring(dir: string, path = process.env.PATH ?? ''): TestKeyring {
  const env = {
    PATH: path,
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    PYTHON_KEYRING_BACKEND: 'keyrings.alt.file.PlaintextKeyring',
  };
  return {
    env,
    set(service, username, password) {
      // keyring's CLI drops the last character of piped input unless it is a newline.
      execFileSync('keyring', ['set', service, username], { input: `${password}\n`, env, stdio: ['pipe', 'ignore', 'pipe'] });
    },
  };
}

/** The real `keyring` on PATH (the wrapper below must not find itself). */
export function findKeyringCommand(path = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, 'keyring');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  throw new Error('no keyring command on PATH: run `node tools/test-prerequisites.mjs`');
}

export interface KeyringSpy {
  /** Put first on PATH: its `keyring` logs each call, then runs the real one. */
  binDir: string;
  /** Each call's argv (without the command), its environment, and what its stdin is (Linux: /dev/null when closed). */
  calls(): Array<{ argv: string[]; env: string; stdin: string }>;
}

/** A `keyring` that records its argv, environment and stdin before it hands over to the real command. */
export function createKeyringSpy(dir: string, realKeyring = findKeyringCommand()): KeyringSpy {
  const binDir = join(dir, 'spy-bin');
  mkdirSync(binDir, { recursive: true });
  const log = join(dir, 'keyring-calls.log');
  const envLog = join(dir, 'keyring-env.log');
  const stdinLog = join(dir, 'keyring-stdin.log');
  // Arguments separated by \037 (unit separator), one call per line; the environment goes to its own file.
  const script = [
    '#!/bin/sh',
    `for a in "$@"; do printf '%s\\037' "$a" >> '${log}'; done`,
    `printf '\\n' >> '${log}'`,
    `env >> '${envLog}'`,
    `printf '\\036\\n' >> '${envLog}'`,
    `readlink /proc/$$/fd/0 >> '${stdinLog}' || echo unknown >> '${stdinLog}'`,
    `exec '${realKeyring}' "$@"`,
    '',
  ].join('\n');
  writeFileSync(join(binDir, 'keyring'), script);
  chmodSync(join(binDir, 'keyring'), 0o755);
  return {
    binDir,
    calls() {
      if (!existsSync(log)) return [];
      const argvs = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\x1f').slice(0, -1));
      const envs = readFileSync(envLog, 'utf8').split('\x1e\n');
      const stdins = readFileSync(stdinLog, 'utf8').split('\n');
      return argvs.map((argv, i) => ({ argv, env: envs[i] ?? '', stdin: stdins[i] ?? '' }));
    },
  };
}
