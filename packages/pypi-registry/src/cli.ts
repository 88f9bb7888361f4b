#!/usr/bin/env node
/** The `pypi-registry` command: renders errors once, here, and owns every line a user reads. */
import { generateCertificates } from './certs/generate-certificates';
import { hashPassword } from './config/password-hash';
import { parseCliArgs, USAGE, type ServeCommand } from './cli-args';
import { renderRegistryError } from './errors';
import { startRegistry } from './start-registry';

async function main(argv: string[]): Promise<number> {
  const command = parseCliArgs(argv);
  switch (command.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'hash-password': {
      const password = (await readStdin()).replace(/\r?\n$/, '');
      if (!password) {
        process.stderr.write('error: no password on stdin (e.g. `printf %s "$PASSWORD" | pypi-registry hash-password`)\n');
        return 1;
      }
      process.stdout.write(`${await hashPassword(password)}\n`);
      return 0;
    }
    case 'certs': {
      const files = await generateCertificates({
        dir: command.dir,
        leafHosts: command.hosts,
        leafNotBefore: command.notBefore,
        leafNotAfter: command.notAfter,
        caDir: command.caDir,
      });
      process.stdout.write(
        `wrote certificates to ${files.dir}\n  trust (CA bundle): ${files.chain}\n  server certificate chain: ${files.leafChain}\n  server key: ${files.leafKey}\n`,
      );
      return 0;
    }
    case 'serve':
      return serve(command);
  }
}

async function serve(command: ServeCommand): Promise<number> {
  const registry = await startRegistry({
    dataDir: command.dataDir,
    port: command.port,
    host: command.host,
    config: command.config,
    storageFlavour: command.storageFlavour,
    strict: command.strict,
    simpleJson: command.simpleJson,
    leafOnly: command.leafOnly,
    requireClientCert: command.requireClientCert,
    genericReason: command.genericReason,
    linkHash: command.linkHash,
    faults: command.faults,
    logRequest: command.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    logError: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    [
      `pypi-registry listening on ${registry.origin} (data: ${registry.dataDir})`,
      `  upload URL: ${registry.uploadUrl()}`,
      `  index URL:  ${registry.indexUrl()}`,
      `  user ${registry.credentials.username}, password in ${registry.dataDir}/credentials`,
      `  CA bundle:  ${registry.certs.chain}${command.leafOnly ? ' (serving the leaf certificate only)' : ''}`,
      ...(registry.clientCertificates
        ? [
            `  client certificate required: ${registry.clientCertificates.cert} with key ${registry.clientCertificates.key}`,
            `    (both in one file, for pip --client-cert: ${registry.clientCertificates.combined})`,
          ]
        : []),
      `  admin token for /-/admin/: ${registry.adminTokenFile}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await registry.close();
  process.stdout.write('pypi-registry stopped\n');
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${renderRegistryError(error)}\n`);
    process.exitCode = 1;
  },
);
