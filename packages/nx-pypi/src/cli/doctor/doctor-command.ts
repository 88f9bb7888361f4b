/**
 * `nx-pypi doctor [--repository <name>] [--url <url> [--client-cert <file>] [--client-key <file>]]
 * [--ca <file>]... [--workspace <dir>] [--pypirc <file>] [--timeout <ms>]`: gathers the inputs (nx-pypi.json, nx.json, .pypirc, env), runs the
 * doctor and returns the exit code: 0 healthy (warnings allowed), 1 on any fault, 2 on bad usage
 * or configuration.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readJsonFile } from '@nx/devkit';
import { renderError } from '../../errors';
import type { ResolvedCredentials } from '../../core/config/credentials';
import type { PypircPermissionWarning } from '../../core/config/pypirc';
import { DEFAULT_TIMEOUT_SECONDS, type ProjectRepositoryOverrides, type ResolvedRepository } from '../../core/config/resolve-repository';
import { resolveRepositorySession } from '../../io/config/repository-session';
import { runDoctor } from './run-doctor';
import { createTextReporter } from './text-reporter';

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  out(line: string): void;
  err(line: string): void;
}

export const DOCTOR_USAGE = `Usage: nx-pypi doctor [options]
  --repository <name>  repository from nx-pypi.json (default: defaultRepository)
  --url <url>          check this URL instead of the configured ones (no credentials)
  --client-cert <file> with --url: the TLS client certificate to present (PEM; as pip's --client-cert)
  --client-key <file>  with --url: its private key, when the certificate file does not hold it
  --ca <file>          CA file to trust instead of the configured chain (repeatable)
  --workspace <dir>    workspace root (default: nearest folder with nx.json)
  --pypirc <file>      .pypirc to read (default: ~/.pypirc)
  --timeout <ms>       per connection (default 10000)`;

/** `projectOverrides`: a project's publish target options, when run as that project's doctor target. */
export async function doctorCommand(argv: string[], io: CliIo, projectOverrides?: ProjectRepositoryOverrides): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        repository: { type: 'string' },
        url: { type: 'string' },
        'client-cert': { type: 'string' },
        'client-key': { type: 'string' },
        ca: { type: 'string', multiple: true },
        workspace: { type: 'string' },
        pypirc: { type: 'string' },
        timeout: { type: 'string', default: '10000' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  if ((args['client-cert'] !== undefined || args['client-key'] !== undefined) && args.url === undefined) {
    io.err(`--client-cert and --client-key go with --url; a configured repository takes "clientCert" and "clientKey" from nx-pypi.json\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (args['client-key'] !== undefined && args['client-cert'] === undefined) {
    io.err(`--client-key needs --client-cert (the certificate it belongs to)\n${DOCTOR_USAGE}`);
    return 2;
  }
  const timeoutMs = Number(args.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    io.err(`--timeout must be a positive number of milliseconds\n${DOCTOR_USAGE}`);
    return 2;
  }
  const clientCert = args['client-cert'] === undefined ? undefined : resolve(io.cwd, args['client-cert']);
  const clientKey = args['client-key'] === undefined ? undefined : resolve(io.cwd, args['client-key']);
  return checkRepository(
    {
      ...args,
      ...(clientCert ? { clientCert } : {}),
      ...(clientKey ? { clientKey } : {}),
      workspaceRoot: args.workspace ? resolve(io.cwd, args.workspace) : (findWorkspaceRoot(io.cwd) ?? io.cwd),
      timeoutMs,
    },
    io,
    projectOverrides,
  );
}

/** What the doctor checks, as the CLI parsed it or as the doctor executor was given it. */
export interface DoctorRequest extends DoctorArgs {
  workspaceRoot: string;
  timeoutMs: number;
  /** nx.json as Nx read it (the executor); read from workspaceRoot when absent (the CLI). */
  nxJson?: unknown;
}

/** Runs the doctor and prints its report; the exit code: 0 healthy, 1 a fault, 2 unusable configuration. */
export async function checkRepository(request: DoctorRequest, io: CliIo, projectOverrides?: ProjectRepositoryOverrides): Promise<number> {
  const now = new Date();
  try {
    const { repository, credentials, pypircWarning, settingsWarning } = gatherInputs(request, io, projectOverrides);
    const result = await runDoctor(
      { workspaceRoot: request.workspaceRoot, repository, credentials, pypircWarning, settingsWarning, env: io.env, now, timeoutMs: request.timeoutMs },
      createTextReporter(io.out, now),
    );
    io.out(
      result.faults === 0
        ? `doctor: healthy${result.warnings ? ` (${result.warnings} warning${result.warnings === 1 ? '' : 's'})` : ''}`
        : `doctor: ${result.faults} fault${result.faults === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}`,
    );
    return result.faults === 0 ? 0 : 1;
  } catch (e) {
    io.err(renderError(e));
    return 2;
  }
}

interface DoctorArgs {
  repository?: string;
  /** With `url`: absolute paths of the client certificate and its key. */
  clientCert?: string;
  clientKey?: string;
  url?: string;
  ca?: string[];
  pypirc?: string;
}

function gatherInputs(
  args: DoctorRequest,
  io: CliIo,
  projectOverrides?: ProjectRepositoryOverrides,
): {
  repository: ResolvedRepository;
  credentials: ResolvedCredentials;
  pypircWarning?: PypircPermissionWarning;
  settingsWarning?: { message: string; fix: string };
} {
  const { workspaceRoot } = args;
  if (args.url) {
    // An ad-hoc URL check: TLS and one GET, no configuration, no credentials.
    const url = args.url.endsWith('/') ? args.url : `${args.url}/`;
    const repository: ResolvedRepository = {
      indexUrl: url,
      caFiles: args.ca ?? [],
      publicRoots: true,
      allowHttpLoopback: false,
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      ...(args.clientCert ? { clientCert: args.clientCert } : {}),
      ...(args.clientKey ? { clientKey: args.clientKey } : {}),
      sources: { indexUrl: '--url', ...(args.clientCert ? { clientCert: '--client-cert' } : {}) },
    };
    return { repository, credentials: { caFiles: args.ca ? { value: args.ca, source: '--ca' } : undefined, notes: [] } };
  }
  const nxJsonPath = join(workspaceRoot, 'nx.json');
  // readJsonFile accepts the comments and trailing commas Nx allows in nx.json.
  const nxJson = args.nxJson ?? (existsSync(nxJsonPath) ? readJsonFile(nxJsonPath) : undefined);
  const session = resolveRepositorySession({
    workspaceRoot,
    nxJson,
    targetOptions: projectOverrides,
    repositoryFlag: args.repository,
    pypirc: args.pypirc === undefined ? undefined : { path: resolve(io.cwd, args.pypirc), option: '--pypirc' },
    env: io.env,
    caFilesOverride: args.ca && { files: args.ca, source: '--ca' },
    readTrust: false,
  });
  return { repository: session.repository, credentials: session.resolved, pypircWarning: session.pypircWarning, settingsWarning: session.settings.warning };
}

function findWorkspaceRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
