/** Starts a registry in a fresh temp data directory; `stop` closes it and removes the directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RegistryOptions, type RunningRegistry } from '../start-registry';
import { send, publisherAuth, type HttpResult } from './https-client';
import type { Form } from './upload-form';

export async function startTempRegistry(options: Omit<RegistryOptions, 'dataDir'> & { dataDir?: string } = {}): Promise<RunningRegistry> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pypi-registry-test-')));
  return startRegistry({ strict: true, ...options, dataDir });
}

export async function stopTempRegistry(registry: RunningRegistry | undefined): Promise<void> {
  if (!registry) return;
  await registry.close();
  await rm(registry.dataDir, { recursive: true, force: true });
}

/** POSTs a form to `/repository/<repo>/` as the generated user unless `auth` says otherwise. */
export function postForm(registry: RunningRegistry, repository: string, form: Form, auth: string | null = publisherAuth(registry)): Promise<HttpResult> {
  return send(registry, `/repository/${repository}/`, {
    method: 'POST',
    body: form.body,
    headers: { 'Content-Type': form.contentType },
    ...(auth === null ? {} : { auth }),
  });
}

/** The text inside Nexus's `<div class="content-section">`. */
export function errorSection(html: string): string | undefined {
  return /<div class="content-section">\s*([\s\S]*?)\s*<\/div>/.exec(html)?.[1];
}
