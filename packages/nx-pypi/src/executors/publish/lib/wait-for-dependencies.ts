/**
 * Consumers install through the group, so a dependent is published only once its workspace
 * dependencies' current files are listed there (Nexus group metadata can lag behind the hosted
 * repository). Bounded: a timeout names the group and nothing of the dependent is uploaded.
 */
import type { ExecutorContext } from '@nx/devkit';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDistributionIdentity } from '../../../core/publish/distribution-identity';
import { selectArtifactsToPublish } from '../../../core/publish/select-artifacts';
import { ensureDigests, readArtifact } from '../../../io/artifact/read-artifact';
import { resolveBuildOutputDir } from './build-output-dir';
import { waitUntilListed, type WaitFile, type WaitOptions } from '../../../io/http/wait-until-listed';

/** A dependency's artifact, with the project that built it. */
export interface DependencyFile extends WaitFile {
  project: string;
}

/** The Python projects this project depends on directly, with the artifacts their build wrote. */
export async function collectDependencyFiles(context: ExecutorContext, write: (line: string) => void): Promise<DependencyFile[]> {
  const graph = context.projectGraph;
  const files: DependencyFile[] = [];
  for (const dep of graph.dependencies[context.projectName!] ?? []) {
    const node = graph.nodes[dep.target];
    if (!node?.data.metadata?.pypi) continue;
    const distDir = resolveBuildOutputDir(node.data, context);
    const pyprojectPath = join(node.data.root, 'pyproject.toml');
    const project = readDistributionIdentity(readFileSync(join(context.root, pyprojectPath), 'utf8'), pyprojectPath);
    const version = project.requireVersion();
    let names: string[];
    try {
      names = readdirSync(join(context.root, distDir));
    } catch {
      write(`  note: ${dep.target} has no build output here (not built in this run); not waiting for it on the group`);
      continue;
    }
    const selected = selectArtifactsToPublish(names, { name: project.name, version }, distDir, `nx run ${dep.target}:build`);
    for (const filename of selected) {
      const artifact = await readArtifact(join(context.root, distDir, filename));
      files.push({
        path: artifact.path,
        filename,
        name: artifact.name,
        digests: await ensureDigests(artifact),
        version: artifact.version,
        project: dep.target,
      });
    }
  }
  return files;
}

/** `uploadedFirst`: the files were published by this run, and this project was uploaded before the group listed them. */
export async function waitForDependencies(
  indexUrl: string,
  files: readonly WaitFile[],
  options: WaitOptions,
  write: (line: string) => void,
  uploadedFirst = false,
): Promise<void> {
  if (files.length === 0) return;
  write(
    uploadedFirst
      ? `  waiting for ${files.length} dependency file(s) this run published to be listed on the group ${indexUrl} (uploaded to the hosted repository first, so the group's lag overlaps)`
      : `  waiting for ${files.length} dependency file(s) to be listed on the group ${indexUrl}`,
  );
  await waitUntilListed(indexUrl, files, options);
}
