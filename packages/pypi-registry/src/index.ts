/**
 * pypi-registry: a local registry that behaves like Sonatype Nexus Repository 3's PyPI format,
 * over TLS, with fault injection for tests.
 */
export { startRegistry, type RegistryOptions, type RunningRegistry } from './start-registry';
export {
  generateCertificates,
  generateClientCertificate,
  certificateFiles,
  clientCertificateFiles,
  CERTIFICATE_FILE_NAMES,
  type GenerateCertificatesOptions,
  type GenerateClientCertificateOptions,
  type CertificateFiles,
  type ClientCertificateFiles,
} from './certs/generate-certificates';
export { hashPassword, verifyPassword } from './config/password-hash';
export {
  defaultRegistryConfig,
  parseRegistryConfig,
  validateRegistryConfig,
  GENERATED_USERNAME,
  type RegistryConfig,
  type RepositoryConfig,
  type HostedRepositoryConfig,
  type GroupRepositoryConfig,
  type ProxyRepositoryConfig,
  type UserConfig,
  type RepositoryAction,
} from './config/registry-config';
export type { WritePolicy, StorageFlavour } from './core/write-policy';
export type { LinkHash } from './core/simple-html';
export type { FaultState, FaultPatch } from './http/fault-injector';
export type { UploadLogEntry, UploadOutcome } from './http/upload-log';
export type { Credentials, ServerInfo } from './data-dir';
export { RegistryError, renderRegistryError } from './errors';
