/**
 * Checks one repository block from a committed file (nx-pypi.json, nx.json plugin options or a project's publish
 * target options). Committed files name where secrets live and never hold one: a literal password,
 * a token, or a URL with user:password is refused with the environment variable to use instead.
 */
import type { SourceLocation } from '../../errors';
import type { NxPypiError } from '../../errors';
import type { RepositoryConfig } from './nx-pypi-options';
import { RepositoryConfigError } from './errors';
import { redactUrl, urlHasPassword } from '../publish/redact-url';

export const REPOSITORY_KEYS = [
  'uploadUrl',
  'indexUrl',
  'hostedIndexUrl',
  'caBundle',
  'ca',
  'publicRoots',
  'clientCert',
  'clientKey',
  'usernameEnv',
  'passwordEnv',
  'allowHttpLoopback',
  'timeoutSeconds',
] as const;
const URL_KEYS = ['uploadUrl', 'indexUrl', 'hostedIndexUrl'] as const;
const SECRET_KEY = /^(password|passwd|pass|token|secret|api[-_]?key|auth|credentials?)$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function at(loc: SourceLocation, key: string): SourceLocation {
  return { ...loc, keyPath: loc.keyPath ? `${loc.keyPath}.${key}` : key };
}

/**
 * Problems in one repository block. `strict` refuses unknown keys (repository blocks hold nothing
 * else); target options carry the executor's own options too, so there only secrets are checked.
 */
export function validateRepositoryBlock(block: Record<string, unknown>, loc: SourceLocation, strict: boolean, envHint: string): NxPypiError[] {
  const problems: NxPypiError[] = [];
  for (const [key, value] of Object.entries(block)) {
    if (SECRET_KEY.test(key)) {
      problems.push(
        new RepositoryConfigError(`"${key}" holds a credential in a committed file; nx-pypi refuses to read it from here`, {
          code: 'REPOSITORY_LITERAL_SECRET',
          location: at(loc, key),
          hint: `Remove it and rotate it (it was committed). Put the value in an environment variable from your CI secret store, e.g. ${envHint}_PASSWORD, and name that variable instead: "passwordEnv": "${envHint}_PASSWORD".`,
        }),
      );
      continue;
    }
    if (strict && !(REPOSITORY_KEYS as readonly string[]).includes(key)) {
      problems.push(
        new RepositoryConfigError(`unknown repository option "${key}"`, {
          code: 'REPOSITORY_UNKNOWN_OPTION',
          location: at(loc, key),
          hint: `Known options: ${REPOSITORY_KEYS.join(', ')}.`,
        }),
      );
    }
  }
  for (const key of URL_KEYS) problems.push(...checkUrl(block[key], at(loc, key), envHint));
  for (const key of ['usernameEnv', 'passwordEnv'] as const) {
    const v = block[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !ENV_NAME.test(v)) {
      // Never echo the value: the usual mistake is pasting the password itself here.
      problems.push(
        new RepositoryConfigError(`"${key}" must be the NAME of an environment variable (letters, digits, _), and this value is not one`, {
          code: 'REPOSITORY_BAD_ENV_NAME',
          location: at(loc, key),
          hint: `Write the variable's name, e.g. "${key}": "${envHint}_${key === 'usernameEnv' ? 'USERNAME' : 'PASSWORD'}". If you pasted a secret here, rotate it.`,
        }),
      );
    }
  }
  problems.push(...checkTypes(block, loc));
  problems.push(...checkClientCertificate(block, loc));
  return problems;
}

/**
 * clientCert and clientKey name files. A value that is PEM text instead is refused without being
 * echoed: with a private key in it, it is a key committed to git, to be replaced.
 */
function checkClientCertificate(block: Record<string, unknown>, loc: SourceLocation): NxPypiError[] {
  const out: NxPypiError[] = [];
  for (const key of ['clientCert', 'clientKey'] as const) {
    const v = block[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') {
      out.push(typeError(at(loc, key), 'the path of a PEM file'));
      continue;
    }
    if (/PRIVATE KEY-----/.test(v)) {
      out.push(
        new RepositoryConfigError(`"${key}" holds a private key itself, in a committed file; nx-pypi refuses to read it from here`, {
          code: 'REPOSITORY_LITERAL_SECRET',
          location: at(loc, key),
          hint: `Replace the key and its certificate (it was committed), keep the new key in a file outside git (mode 600), and write that file's path here, e.g. "${key}": "${key === 'clientKey' ? '/etc/pki/nexus/client.key' : '/etc/pki/nexus/client.pem'}".`,
        }),
      );
    } else if (/-----BEGIN |[\r\n]/.test(v)) {
      out.push(
        new RepositoryConfigError(`"${key}" holds PEM text; it takes the path of a PEM file`, {
          code: 'REPOSITORY_BAD_TYPE',
          location: at(loc, key),
          hint: `Save the certificate in a file and write its path (workspace-relative or absolute), e.g. "${key}": "certs/client.pem".`,
        }),
      );
    }
  }
  if (block.clientKey !== undefined && block.clientCert === undefined) {
    out.push(
      new RepositoryConfigError('"clientKey" is set without "clientCert"', {
        code: 'REPOSITORY_CLIENT_KEY_WITHOUT_CERT',
        location: at(loc, 'clientKey'),
        hint: 'Set "clientCert" to the PEM certificate the key belongs to (the two are one setting: where either is set, both are taken from there), or remove "clientKey".',
      }),
    );
  }
  return out;
}

function checkUrl(value: unknown, loc: SourceLocation, envHint: string): NxPypiError[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') return [typeError(loc, 'a URL string')];
  if (urlHasPassword(value)) {
    return [
      new RepositoryConfigError(`the URL carries a user name and password (${redactUrl(value)})`, {
        code: 'REPOSITORY_LITERAL_SECRET',
        location: loc,
        hint: `Remove "user:password@" from the URL, put them in ${envHint}_USERNAME and ${envHint}_PASSWORD, and set "usernameEnv"/"passwordEnv" to those names. Rotate the password: it was committed.`,
      }),
    ];
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [
      new RepositoryConfigError(`"${value}" is not a URL`, {
        code: 'REPOSITORY_BAD_URL',
        location: loc,
        hint: 'Write an absolute URL such as https://nexus.example.com/repository/pypi-hosted/.',
      }),
    ];
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return [
      new RepositoryConfigError(`"${value}" is not an http(s) URL`, {
        code: 'REPOSITORY_BAD_URL',
        location: loc,
        hint: 'Use the https:// URL of the Nexus repository.',
      }),
    ];
  }
  return [];
}

function checkTypes(block: Record<string, unknown>, loc: SourceLocation): NxPypiError[] {
  const out: NxPypiError[] = [];
  if (block.caBundle !== undefined && typeof block.caBundle !== 'string') out.push(typeError(at(loc, 'caBundle'), 'a file path string'));
  if (block.ca !== undefined && !(Array.isArray(block.ca) && block.ca.every((f) => typeof f === 'string')))
    out.push(typeError(at(loc, 'ca'), 'an array of file paths'));
  if (block.publicRoots !== undefined && typeof block.publicRoots !== 'boolean') out.push(typeError(at(loc, 'publicRoots'), 'true or false'));
  if (block.allowHttpLoopback !== undefined && typeof block.allowHttpLoopback !== 'boolean') out.push(typeError(at(loc, 'allowHttpLoopback'), 'true or false'));
  const timeout = block.timeoutSeconds;
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0)) {
    out.push(typeError(at(loc, 'timeoutSeconds'), 'a number of seconds greater than 0'));
  }
  if (block.caBundle !== undefined && block.ca !== undefined) {
    out.push(
      new RepositoryConfigError('both "caBundle" and "ca" are set; nx-pypi would not know which one you meant', {
        code: 'REPOSITORY_AMBIGUOUS_CA',
        location: at(loc, 'ca'),
        hint: 'Keep one: "caBundle" for a single chain file (nx g nx-pypi:ca-chain writes it), or "ca" for a list of files.',
      }),
    );
  }
  return out;
}

function typeError(loc: SourceLocation, expected: string): NxPypiError {
  return new RepositoryConfigError(`expected ${expected}`, { code: 'REPOSITORY_BAD_TYPE', location: loc, hint: 'Fix the value in the file.' });
}

/** Only the repository fields of a target's options (which also hold the executor's own options). */
export function pickRepositoryFields(options: Record<string, unknown>): RepositoryConfig {
  const out: Record<string, unknown> = {};
  for (const k of REPOSITORY_KEYS) if (options[k] !== undefined) out[k] = options[k];
  return out as RepositoryConfig;
}
