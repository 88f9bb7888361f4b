/**
 * Does the upload repository refuse redeploys? Publish is safe against another run replacing a
 * file only where Nexus's Deployment policy is "Disable redeploy" (NEXUS-PYPI.md 1.5; issue 14,
 * item 4). Nexus tells through its REST API, `GET <base>/service/rest/v1/repositories/pypi/hosted/<name>`
 * (sonatype/nexus-public PypiHostedRepositoriesApiResourceV1), whose `storage.writePolicy`
 * (HostedStorageAttributes) is ALLOW, ALLOW_ONCE or DENY: current versions send the enum name,
 * older ones the stored value as is (documented as allow, allow_once, deny), so case is ignored.
 * It answers only a user with nx-repository-admin-pypi-<name>-read; to anyone else logged in it
 * answers 404 "Repository not found" (AuthorizingRepositoryManager.getRepositoryWithAdmin), which
 * a deploy user usually gets: then the doctor says it cannot tell, never that something is wrong.
 */
import type { Finding, HttpOutcome } from './classify-responses';

/** An answer with its body (the REST API's JSON). */
export interface HttpTextOutcome extends HttpOutcome {
  body: string;
}

/**
 * `<base>/repository/<name>/` -> the REST URL of that repository's settings (no userinfo: the
 * login goes in the Authorization header); undefined for an upload URL of another shape.
 */
export function computeNexusSettingsUrl(uploadUrl: string): { repository: string; url: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(uploadUrl);
  } catch {
    return undefined;
  }
  const match = /^(.*)\/repository\/([^/]+)\/$/.exec(parsed.pathname);
  if (!match) return undefined;
  let repository: string;
  try {
    repository = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  return { repository, url: `${parsed.origin}${match[1]}/service/rest/v1/repositories/pypi/hosted/${encodeURIComponent(repository)}` };
}

/** The REST answer for `repository`'s settings, or the transport error that stopped it. */
export function classifyWritePolicy(repository: string, answer: HttpTextOutcome | { url: string; failure: string }): Finding {
  if ('failure' in answer) return cannotTell(repository, `${answer.url}: ${answer.failure}`);
  if (answer.status === 404)
    return cannotTell(repository, `the user may not read repository settings: Nexus answers 404 without the privilege ${adminRead(repository)}`);
  if (answer.status === 403) return cannotTell(repository, 'the user may not read repository settings (403)');
  if (answer.status === 401) return cannotTell(repository, 'the REST API refused the login (401)');
  if (answer.status !== 200) return cannotTell(repository, `${answer.url} answered ${answer.status}`);
  const policy = readWritePolicy(answer.body);
  if (policy === undefined) return cannotTell(repository, `${answer.url} did not answer with Nexus repository settings`);
  switch (policy.toUpperCase()) {
    case 'ALLOW_ONCE':
      return { severity: 'ok', code: 'WRITE_POLICY_ALLOW_ONCE', message: `${repository} refuses redeploys (Deployment policy "Disable redeploy")` };
    case 'ALLOW':
      return {
        severity: 'warning',
        code: 'WRITE_POLICY_ALLOW',
        message: `${repository} allows redeploys (Deployment policy "Allow redeploy"): two concurrent runs can replace a file that one of them reported uploaded (publish then fails, naming the file)`,
        fix: `In Nexus, ${settingsPage(repository)}: set Deployment policy to "Disable redeploy".`,
      };
    case 'DENY':
      return {
        severity: 'fault',
        code: 'WRITE_POLICY_DENY',
        message: `${repository} is read-only (Deployment policy "Read-only"): every upload will be refused`,
        fix: `In Nexus, ${settingsPage(repository)}: set Deployment policy to "Disable redeploy", or publish to another hosted repository.`,
      };
    default:
      return cannotTell(repository, `unknown storage.writePolicy "${policy}"`);
  }
}

/** No request was made: the upload URL is not `<base>/repository/<name>/`. */
export function classifyNonNexusUploadUrl(uploadUrl: string): Finding {
  return {
    severity: 'info',
    code: 'WRITE_POLICY_UNKNOWN',
    message: `cannot tell whether ${uploadUrl} refuses redeploys (not a Nexus repository URL <base>/repository/<name>/)`,
    fix: 'The server should refuse to replace a file that exists (on Nexus: Deployment policy "Disable redeploy"); otherwise two concurrent runs can replace each other\'s files.',
  };
}

function readWritePolicy(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { storage?: { writePolicy?: unknown } } | null)?.storage?.writePolicy;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function cannotTell(repository: string, reason: string): Finding {
  return {
    severity: 'info',
    code: 'WRITE_POLICY_UNKNOWN',
    message: `cannot tell whether ${repository} refuses redeploys (${reason})`,
    fix: `Deployment policy should be "Disable redeploy": check ${settingsPage(repository)} in Nexus, or grant the user ${adminRead(repository)} so the doctor can read it.`,
  };
}

function settingsPage(repository: string): string {
  return `Administration > Repository > Repositories > ${repository}`;
}

function adminRead(repository: string): string {
  return `nx-repository-admin-pypi-${repository}-read`;
}
