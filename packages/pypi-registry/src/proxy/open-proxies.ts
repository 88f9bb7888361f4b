/**
 * Builds the proxy repositories of a config at start: each gets its upstream connection (its own
 * CA, its own credentials), so a bad CA file fails the start instead of the first request.
 */
import { readFile } from 'node:fs/promises';
import type { ProxyRepositoryConfig, RepositoryConfig } from '../config/registry-config';
import { RegistryError } from '../errors';
import { ProxyRepository, type ProxyDependencies } from './proxy-repository';
import type { UpstreamConnection } from './upstream-client';

/** How long an upstream may stay silent before a request to it fails (502). */
const UPSTREAM_TIMEOUT_MS = 30_000;

export async function openProxies(repositories: readonly RepositoryConfig[], deps: ProxyDependencies): Promise<Map<string, ProxyRepository>> {
  const proxies = new Map<string, ProxyRepository>();
  for (const config of repositories) {
    if (config.type !== 'proxy') continue;
    proxies.set(config.name, new ProxyRepository(config, await connectionOf(config), deps));
  }
  return proxies;
}

async function connectionOf(config: ProxyRepositoryConfig): Promise<UpstreamConnection> {
  const connection: UpstreamConnection = { origin: new URL(config.remoteUrl).origin, timeoutMs: UPSTREAM_TIMEOUT_MS };
  if (config.username !== undefined && config.password !== undefined) {
    connection.authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  }
  if (config.ca !== undefined) connection.ca = await readCa(config);
  return connection;
}

/** PEM text as given, or the PEM file it names; either must hold at least one certificate. */
async function readCa(config: ProxyRepositoryConfig): Promise<string> {
  const given = config.ca!;
  const inline = given.includes('-----BEGIN CERTIFICATE-----');
  let pem: string;
  try {
    pem = inline ? given : await readFile(given, 'utf8');
  } catch (error) {
    throw new RegistryError('REGISTRY_PROXY_CA_UNREADABLE', `proxy ${config.name}: cannot read its ca file: ${(error as Error).message}`, {
      location: given,
      hint: 'give "ca" as the path of a PEM file (absolute, or relative to the working directory) or as PEM text',
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new RegistryError('REGISTRY_PROXY_CA_INVALID', `proxy ${config.name}: its ca holds no PEM certificate`, {
      location: inline ? undefined : given,
      hint: 'give the upstream\'s CA certificates in PEM ("-----BEGIN CERTIFICATE-----")',
    });
  }
  return pem;
}
