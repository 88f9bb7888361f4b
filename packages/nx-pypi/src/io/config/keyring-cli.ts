/**
 * `keyring get <service> <username>`, run the way pip's subprocess keyring provider runs it: the
 * `keyring` found on PATH, stdin closed (a backend must not wait for input), PYTHONIOENCODING=utf-8,
 * the password read from stdout only (keyring prints it with one line ending; exit status 1 and no
 * output when nothing is stored). The password never enters argv, a log or a message: it is
 * wrapped in a Secret as soon as it is read, and stderr is kept only when the exit status says
 * there is no password.
 *
 * Synchronous because the repository session is: one short child per service asked, and each
 * answer is remembered for the life of the process (a batch resolves one session per project).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Secret } from '../../core/config/credentials';
import { KEYRING_PROVIDER_ENV, type AskKeyring, type KeyringAnswer } from '../../core/config/keyring';

/** A backend that waits for an unlock prompt would otherwise hold the task forever. */
export const KEYRING_TIMEOUT_MS = 10_000;
/** A keyring error is a Python traceback; its last line says what went wrong, the rest is noise. */
const DETAIL_MAX_CHARS = 300;

const answers = new Map<string, KeyringAnswer>();

/** Asks the `keyring` command on env's PATH, with env as its whole environment. */
export function askKeyringCli(env: Readonly<NodeJS.ProcessEnv>, timeoutMs = KEYRING_TIMEOUT_MS): AskKeyring {
  return (service, username) => {
    // The same question in the same environment has the same answer; another HOME or backend does not.
    const key = cacheKey(service, username, env);
    const known = answers.get(key);
    if (known) return known;
    const answer = runKeyringGet(service, username, env, timeoutMs);
    answers.set(key, answer);
    return answer;
  };
}

function runKeyringGet(service: string, username: string, env: Readonly<NodeJS.ProcessEnv>, timeoutMs: number): KeyringAnswer {
  const result = spawnSync('keyring', ['get', service, username], {
    // Node looks the command up on this env's PATH.
    env: { ...env, PYTHONIOENCODING: 'utf-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    windowsHide: true,
  });
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT') return { kind: 'unavailable', reason: 'no `keyring` command on PATH' };
  const command = `\`keyring get ${service} ${username}\``;
  if (error?.code === 'ETIMEDOUT') {
    return {
      kind: 'unavailable',
      reason: `${command} did not answer within ${timeoutMs / 1000} s (a backend waiting to be unlocked?); set ${KEYRING_PROVIDER_ENV}=disabled to skip keyring`,
    };
  }
  if (error) return { kind: 'unavailable', reason: `${command} could not be started: ${error.code ?? error.message}` };
  if (result.status === null) return { kind: 'unavailable', reason: `${command} was killed by ${result.signal}` };
  if (result.status !== 0) return { kind: 'none', detail: lastLine(result.stderr.toString('utf8')) };
  // print() ends the password with one line ending (\r\n on Windows); nothing else is trimmed.
  const password = result.stdout.toString('utf8').replace(/\r?\n$/, '');
  // twine takes an empty answer as none (`if password:`) and would prompt.
  if (password === '') return { kind: 'none', detail: 'the stored password is empty' };
  return { kind: 'found', password: new Secret(password) };
}

function lastLine(stderr: string): string | undefined {
  const line = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop();
  if (line === undefined) return undefined;
  return line.length > DETAIL_MAX_CHARS ? `${line.slice(0, DETAIL_MAX_CHARS)}…` : line;
}

function cacheKey(service: string, username: string, env: Readonly<NodeJS.ProcessEnv>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([service, username]));
  for (const name of Object.keys(env).sort()) hash.update(`\0${name}=${env[name] ?? ''}`);
  return hash.digest('hex');
}
