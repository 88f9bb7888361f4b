/**
 * `nx-pypi doctor`: connect to the configured URLs, show the chain each server sends, and name
 * every fault with its fix. Prints nothing itself: findings go to a reporter, the CLI owns output.
 * With a client certificate configured, it is checked (readable, key matches, validity) and
 * presented as publish presents it; a server that asks for one is named as such.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { NxPypiError } from '../../errors';
import {
  classifyGroupIndex,
  classifyHostedIndex,
  classifyUnknownProjectProbe,
  type Finding,
  type HttpOutcome,
  type LoginProof,
} from '../../core/config/classify-responses';
import { classifyNonNexusUploadUrl, classifyWritePolicy, computeNexusSettingsUrl } from '../../core/config/classify-write-policy';
import { describeCredentials, Secret, type ResolvedCredentials } from '../../core/config/credentials';
import type { PypircPermissionWarning } from '../../core/config/pypirc';
import type { ResolvedRepository } from '../../core/config/resolve-repository';
import { redactUrl } from '../../core/publish/redact-url';
import { describeClientCertificate, type ClientCertificate } from '../../core/tls/client-certificate';
import {
  classifyClientCertificateFailure,
  describeClientCertificateFailure,
  type ClientCertificateExchange,
  type ClientCertificateFailure,
} from '../../core/tls/client-certificate-failure';
import { summarizeCertificate, type CertificateSummary } from '../../core/tls/describe';
import { diagnoseClientCertificate } from '../../core/tls/diagnose-client-certificate';
import { diagnoseChain } from '../../core/tls/diagnose-chain';
import { describeHandshakeFailure } from '../../core/tls/describe-handshake-failure';
import { describeTrust, type TrustSettings } from '../../core/tls/trust';
import { clientCertificateExchange, createDispatcher } from '../../io/tls/dispatcher';
import { probeChain, ProbeError } from '../../io/tls/probe-chain';
import { readClientCertificate } from '../../io/tls/read-client-certificate';
import { readTrustSettings } from '../../io/tls/read-trust';
import { checkEnvOverrides, type ServerChain } from './env-overrides';
import { fetchJsonText, fetchStatus, isFailure, type BasicAuth, type HttpFailure } from './http-check';

export interface DoctorInput {
  workspaceRoot: string;
  repository: ResolvedRepository;
  credentials: ResolvedCredentials;
  pypircWarning?: PypircPermissionWarning;
  /** The settings come from nx.json, where each edit costs every build its cache (choose-repository-settings.ts). */
  settingsWarning?: { message: string; fix: string };
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
  timeoutMs: number;
}

export interface DoctorReporter {
  /** A context line: which repository, trust and credentials are used. */
  info(label: string, text: string): void;
  /** The chain a server sent, leaf first. */
  chain(origin: string, certs: CertificateSummary[]): void;
  finding(scope: string, finding: Finding): void;
}

export interface DoctorResult {
  faults: number;
  warnings: number;
}

export async function runDoctor(input: DoctorInput, reporter: DoctorReporter): Promise<DoctorResult> {
  const result: DoctorResult = { faults: 0, warnings: 0 };
  const { repository: repo, credentials: creds } = input;
  // An ad-hoc `--url` check has no nx-pypi.json entry to fix: the certificate comes from the command line.
  const adHoc = repo.sources.indexUrl === '--url';
  const emit = (scope: string, f: Finding): void => {
    if (f.severity === 'fault') result.faults++;
    if (f.severity === 'warning') result.warnings++;
    reporter.finding(scope, adHoc && f.code === 'CLIENT_CERT_REQUIRED' ? { ...f, fix: AD_HOC_CLIENT_CERT_FIX } : f);
  };
  reporter.info('repository', repo.name ? `${repo.name} (${repo.sources.name})` : '(none selected)');
  if (input.settingsWarning) emit('configuration', { severity: 'warning', code: 'SETTINGS_IN_NX_JSON', ...input.settingsWarning });

  const caFiles = creds.caFiles?.value ?? [];
  let trust: TrustSettings;
  try {
    trust = readTrustSettings(input.workspaceRoot, { caFiles, publicRoots: repo.publicRoots, configuredAt: creds.caFiles?.source });
  } catch (e) {
    if (!(e instanceof NxPypiError)) throw e;
    emit('trust', { severity: 'fault', code: 'TRUST_UNREADABLE', message: e.render() });
    return result;
  }
  reporter.info('trust', `${describeTrust(trust)}${creds.caFiles ? ` from ${creds.caFiles.source}` : ''}`);
  let client: ClientCertificate | undefined;
  try {
    client = readClientCertificate(input.workspaceRoot, repo);
  } catch (e) {
    if (!(e instanceof NxPypiError)) throw e;
    emit('client certificate', { severity: 'fault', code: 'CLIENT_CERT_UNUSABLE', message: e.render() });
    return result;
  }
  if (client) {
    reporter.info('client cert', `${describeClientCertificate(client)} from ${repo.sources.clientCert ?? 'clientCert'}`);
    for (const f of diagnoseClientCertificate(client, input.now)) emit('client certificate', f);
  }
  // Credentials only matter for uploads; an ad-hoc --url check has none to show.
  if (creds.uploadUrl) reporter.info('credentials', describeCredentials(creds));
  for (const note of creds.notes) emit('credentials', { severity: 'info', code: 'CREDENTIALS_NOTE', message: note });
  if (input.pypircWarning)
    emit('credentials', { severity: 'warning', code: 'PYPIRC_READABLE', message: input.pypircWarning.message, fix: input.pypircWarning.fix });

  const uploadUrl = creds.uploadUrl?.value;
  const endpoints = [uploadUrl, repo.indexUrl, repo.hostedIndexUrl].filter((u): u is string => !!u);
  if (endpoints.length === 0) {
    emit('configuration', {
      severity: 'fault',
      code: 'NO_URL',
      message: 'no uploadUrl or indexUrl is configured',
      fix: 'Set them in nx-pypi.json under repositories.<name>, or pass --url.',
    });
    return result;
  }

  const chains = await checkChains(endpoints, trust, client, input, reporter, emit);
  const dispatcher = createDispatcher(trust, { clientCertificate: client });
  try {
    const failed = (scope: string, f: HttpFailure): void => {
      const origin = new URL(f.url).origin;
      // A TLS 1.3 server that wants a client certificate lets the handshake finish and ends the first request.
      const mtls = chains.faultyOrigins.has(origin) ? undefined : classifyClientCertificateFailure([f.code], clientCertificateExchange(dispatcher, f.url));
      if (mtls) {
        chains.faultyOrigins.add(origin);
        emit(scope, clientCertificateFault(mtls, new URL(f.url).host));
        return;
      }
      const knownTls = chains.faultyOrigins.has(origin);
      emit(
        scope,
        knownTls
          ? { severity: 'info', code: 'REQUEST_FAILED', message: `${redactUrl(f.url)}: ${f.code} (see the fault above)` }
          : {
              severity: 'fault',
              code: 'REQUEST_FAILED',
              message: `${redactUrl(f.url)}: ${f.code}: ${f.message}`,
              fix: 'Check the URL, the network path and the certificate chain.',
            },
      );
    };
    const auth: BasicAuth | undefined = creds.username && creds.password ? { username: creds.username.value, password: creds.password.value } : undefined;
    const get = (url: string, withAuth: boolean): Promise<HttpOutcome | HttpFailure> =>
      fetchStatus(url, dispatcher, input.timeoutMs, withAuth ? auth : undefined);
    if (repo.indexUrl) {
      const r = await get(repo.indexUrl, false);
      if (isFailure(r)) failed('index', r);
      else emit('index', classifyGroupIndex(r));
    }
    if (uploadUrl) {
      const hosted = repo.hostedIndexUrl ?? `${uploadUrl}simple/`;
      const r = await get(hosted, true);
      if (isFailure(r)) failed('upload', r);
      else {
        const proof = r.status < 300 && creds.username && creds.password ? await proveLogin(hosted, get, dispatcher, input.timeoutMs) : {};
        emit('upload', classifyHostedIndex(r, creds, repo, proof));
        if (r.status < 400) {
          // A name no one publishes: hosted answers 404, a group renders an empty page.
          const probe = await get(`${hosted.replace(/\/?$/, '/')}nx-pypi-doctor-${randomBytes(6).toString('hex')}/`, true);
          if (!isFailure(probe)) {
            // Only a 200 is ambiguous: an empty POST without credentials asks whether uploads have a route here.
            const post = probe.status === 200 ? await fetchStatus(uploadUrl, dispatcher, input.timeoutMs, undefined, 'POST') : undefined;
            emit('upload', classifyUnknownProjectProbe(probe, post && !isFailure(post) ? post : undefined));
          }
          // Asked only once the login has read the hosted index: a refused login is not sent again.
          emit('upload', await checkWritePolicy(uploadUrl, (url) => fetchJsonText(url, dispatcher, input.timeoutMs, auth)));
        }
      }
    }
  } finally {
    await dispatcher.close();
  }

  const chainFile = trust.files.length === 1 ? resolve(input.workspaceRoot, trust.files[0]) : undefined;
  for (const f of checkEnvOverrides(input.env, chains.chains, chainFile, input.now)) emit('environment', f);
  return result;
}

/** Whether the upload repository refuses redeploys, from Nexus's REST API when the URL is Nexus's. */
async function checkWritePolicy(uploadUrl: string, getJson: (url: string) => ReturnType<typeof fetchJsonText>): Promise<Finding> {
  const settings = computeNexusSettingsUrl(uploadUrl);
  if (!settings) return classifyNonNexusUploadUrl(redactUrl(uploadUrl));
  const answer = await getJson(settings.url);
  return classifyWritePolicy(settings.repository, isFailure(answer) ? { url: redactUrl(answer.url), failure: answer.code } : answer);
}

/**
 * A read that worked with the password proves it only if the server refuses the same read
 * anonymously or with a login that cannot exist (a random user name, so no real account is
 * ever locked by a failed attempt).
 */
async function proveLogin(
  url: string,
  get: (url: string, withAuth: boolean) => Promise<HttpOutcome | HttpFailure>,
  dispatcher: Parameters<typeof fetchStatus>[1],
  timeoutMs: number,
): Promise<LoginProof> {
  const anonymous = await get(url, false);
  if (isFailure(anonymous)) return {};
  if (anonymous.status === 401 || anonymous.status === 403) return { anonymous: anonymous.status };
  const made = randomBytes(9).toString('hex');
  const wrong = await fetchStatus(url, dispatcher, timeoutMs, { username: `nx-pypi-doctor-${made}`, password: new Secret(made) });
  return { anonymous: anonymous.status, wrongLogin: isFailure(wrong) ? undefined : wrong.status };
}

async function checkChains(
  urls: string[],
  trust: TrustSettings,
  client: ClientCertificate | undefined,
  input: DoctorInput,
  reporter: DoctorReporter,
  emit: (scope: string, f: Finding) => void,
): Promise<{ chains: ServerChain[]; faultyOrigins: Set<string> }> {
  const publicRoots = trust.publicRoots ? rootCertificates.map((p) => new X509Certificate(p)) : [];
  const bundle = trust.certificates.map((c) => c.cert);
  const chains: ServerChain[] = [];
  const faultyOrigins = new Set<string>();
  for (const origin of new Set(urls.map((u) => new URL(u).origin))) {
    const url = new URL(origin);
    if (url.protocol !== 'https:') {
      emit(origin, {
        severity: 'warning',
        code: 'PLAIN_HTTP',
        message: `${origin} is plain HTTP: passwords and packages travel unencrypted`,
        fix: 'Use the https:// URL of Nexus.',
      });
      continue;
    }
    try {
      const probed = await probeChain(url, input.timeoutMs, client);
      reporter.chain(origin, probed.presented.map(summarizeCertificate));
      const asked = describeRequest(probed.clientCertificate);
      if (asked) emit(origin, asked);
      chains.push({ origin, presented: probed.presented });
      const findings = diagnoseChain({
        presented: probed.presented,
        bundle,
        publicRoots,
        host: probed.host,
        now: input.now,
        bundleLabel: trust.files.length > 0 ? trust.files.join(', ') : 'the trust set',
      });
      for (const f of findings) emit(origin, f);
      if (findings.some((f) => f.severity === 'fault')) faultyOrigins.add(origin);
    } catch (e) {
      faultyOrigins.add(origin);
      emit(origin, describeProbeFailure(e, `${url.hostname}:${url.port || 443}`));
    }
  }
  return { chains, faultyOrigins };
}

/** Why no TLS connection came about: client authentication, a server that does not speak TLS, or the network. */
function describeProbeFailure(e: unknown, hostPort: string): Finding {
  if (e instanceof ProbeError) {
    const mtls = e.code ? classifyClientCertificateFailure([e.code], e.clientCertificate) : undefined;
    if (mtls) return clientCertificateFault(mtls, hostPort);
    const notTls = describeHandshakeFailure(hostPort, e.code, e.message);
    if (notTls) return notTls;
  }
  return {
    severity: 'fault',
    code: 'CONNECT_FAILED',
    message: (e as Error).message,
    fix: 'Check the host and port, and that this machine can reach them (proxy, firewall).',
  };
}

const AD_HOC_CLIENT_CERT_FIX =
  'Pass the certificate with --client-cert <file> (and --client-key <file> unless that file holds the key too); for a configured repository set "clientCert" in nx-pypi.json.';

function clientCertificateFault(failure: ClientCertificateFailure, hostPort: string): Finding {
  return {
    severity: 'fault',
    code: failure.kind === 'required' ? 'CLIENT_CERT_REQUIRED' : 'CLIENT_CERT_REFUSED',
    ...describeClientCertificateFailure(failure, hostPort),
  };
}

/** A note when the server asked for a client certificate: which one went back, or that none is configured. */
function describeRequest(exchange: ClientCertificateExchange): Finding | undefined {
  if (!exchange.requested) return undefined;
  return {
    severity: 'info',
    code: 'CLIENT_CERT_REQUESTED',
    message: exchange.sent
      ? `asks for a client certificate; nx-pypi presents ${exchange.sent}`
      : 'asks for a client certificate, and none is configured (clientCert): the requests below show whether it insists',
  };
}
