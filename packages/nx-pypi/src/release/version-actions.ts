/**
 * `nx release` for Python projects. Opt in with `release.version.versionActions:
 * "nx-pypi/release/version-actions"` (nx.json, a release group or a project).
 *
 * Versions are PEP 440 (`calculateNewVersion` is overridden: Nx's default is semver). Only the
 * Tree changes: `[project].version` (or a Poetry 1.x project's `[tool.poetry].version`) in
 * pyproject.toml and `__version__` in the package's `__init__.py` are rewritten in place, and
 * dependents' requirements follow the rules of core/release/update-requirement.ts, in `[project]`,
 * PEP 735 `[dependency-groups]` and uv's `[tool.uv] dev-dependencies` (Poetry constraints in
 * `[tool.poetry]` dependency tables and groups: core/poetry/update-constraint.ts). A uv.lock that
 * locks a bumped project is kept in step where no resolver is needed, else the bump says to run
 * `uv lock` (release/uv-lock-sync.ts, core/uv/edit-uv-lock.ts). Nx options read here:
 * adjustSemverBumpsForZeroMajorVersion, preserveMatchingDependencyRanges (`"dependencies"` /
 * `"optionalDependencies"` select `[project].dependencies` / `[project.optional-dependencies]`;
 * groups count as `"devDependencies"`), currentVersionResolverMetadata
 * (registry). versionPrefix has no PEP 440 meaning: a `^`/`~`/`=` Nx puts in front of a version
 * is dropped, the requirement's own operator is kept. Direct references (`name @ file:…`) are never
 * rewritten, whatever preserveLocalDependencyProtocols says: they name no version to update.
 */
import { readNxJson, type ProjectGraph, type Tree } from '@nx/devkit';
import { dirname, join } from 'node:path';
import { VersionActions } from 'nx/release';
import { NxPypiError, type SourceLocation } from '../errors';
import { normalizeName, toImportName } from '../core/names';
import { normalizeVersion } from '../core/pep440';
import { updateGroupRequirements } from '../core/pyproject/edit-dependency-groups';
import { updatePyProjectRequirements, type RequirementSite } from '../core/pyproject/edit-requirements';
import type { UvLockVersionUpdate } from '../core/uv/edit-uv-lock';
import { applyTextEdits } from '../core/pyproject/edit-text';
import { updatePyProjectVersion } from '../core/pyproject/edit-version';
import { requireStaticVersion, type PyProject } from '../core/pyproject';
import { updatePoetryDependencies, updatePoetryVersion } from '../core/poetry/edit-poetry';
import { planPoetryConstraintUpdate } from '../core/poetry/update-constraint';
import { listDependencyMentions, readReleaseManifest, type ReleaseManifest } from '../core/release/release-manifest';
import { computeNewVersion } from '../core/release/compute-new-version';
import { computeDynamicVersionEdit } from '../core/release/edit-dynamic-version';
import type { VersionLocation } from '../core/dist/dynamic-metadata';
import { ProjectTree } from '../core/dist/project-tree';
import { selectDistFiles } from '../core/dist/select-dist-files';
import { leastMaturePhase } from '../core/release/follow-prerelease';
import { computeDunderVersionEdits, listInitFileCandidates } from '../core/release/edit-dunder-version';
import { planRequirementUpdate } from '../core/release/update-requirement';
import { readRegistryVersion } from './read-registry-version';
import { listTreeFiles, readText } from './tree-files';
import { findUvLock, updateUvLock } from './uv-lock-sync';

const MANIFEST = 'pyproject.toml';

/** New versions decided in one `nx release` run, by normalized distribution name, keyed by its tree. */
const decidedVersions = new WeakMap<Tree, Map<string, string>>();

/** Nx's reason texts (`BUMP_TYPE_REASON_TEXT`, not exported); an unknown reason gets a neutral one. */
const REASONS: Record<string, string> = {
  DEPENDENCY_WAS_BUMPED: ', because a dependency was bumped, ',
  USER_SPECIFIER: ', from the given specifier, ',
  PROMPTED_USER_SPECIFIER: ', from the prompted specifier, ',
  CONVENTIONAL_COMMITS: ', derived from conventional commits data, ',
  VERSION_PLANS: ', read from version plan {versionPlanPath}, ',
  DEPENDENCY_ACROSS_GROUPS_WAS_BUMPED: ', because a dependency project belonging to another release group was bumped, ',
  OTHER_PROJECT_IN_FIXED_GROUP_WAS_BUMPED_DUE_TO_DEPENDENCY: ', because of a dependency-only bump to another project in the same fixed release group, ',
};

export default class PythonVersionActions extends VersionActions {
  validManifestFilenames = [MANIFEST];
  // Nx would run Prettier over the manifests it was told about; a pyproject.toml is edited byte-exactly.
  override excludeManifestsFromFormatting = true;

  /** The tree of this `nx release` run, kept from init() for calculateNewVersion (which gets none). */
  private tree: Tree | undefined;

  override async init(tree: Tree): Promise<void> {
    this.tree = tree;
    await super.init(tree);
  }

  override async calculateNewVersion(
    currentVersion: string | null,
    newVersionInput: string,
    newVersionInputReason: string,
    newVersionInputReasonData: Record<string, unknown>,
    preid: string,
  ): Promise<{ newVersion: string; logText: string }> {
    return rendered(() => {
      const becauseOfDependency = newVersionInputReason === 'DEPENDENCY_WAS_BUMPED' || newVersionInputReason === 'DEPENDENCY_ACROSS_GROUPS_WAS_BUMPED';
      const { newVersion, description } = computeNewVersion({
        current: currentVersion,
        input: newVersionInput,
        preid,
        adjustForZeroMajor: this.finalConfigForProject.adjustSemverBumpsForZeroMajorVersion === true,
        stayInPrerelease: newVersionInputReason === 'CONVENTIONAL_COMMITS',
        followPrerelease: becauseOfDependency ? leastMaturePhase(this.decidedDependencyVersions()) : undefined,
      });
      this.recordDecidedVersion(newVersion);
      const reason = (REASONS[newVersionInputReason] ?? ' ').replace(/\{(\w+)\}/g, (_, key: string) => String(newVersionInputReasonData[key] ?? ''));
      return { newVersion, logText: `❓ Applied ${description}${reason}to get new version ${newVersion}` };
    });
  }

  async readCurrentVersionFromSourceManifest(tree: Tree): Promise<{ currentVersion: string; manifestPath: string }> {
    return rendered(() => {
      const manifestPath = this.sourceManifestPath();
      const manifest = this.readManifest(tree, manifestPath);
      if (manifest.poetry) return { currentVersion: manifest.poetry.version, manifestPath };
      if (manifest.poetryVersion) return { currentVersion: manifest.poetryVersion.version, manifestPath };
      const project = manifest.project;
      if (project.version === undefined && project.dynamic.includes('version')) {
        const dynamic = this.dynamicVersion(tree, project);
        return { currentVersion: dynamic.version, manifestPath: join(this.projectGraphNode.data.root, dynamic.at.file) };
      }
      return { currentVersion: requireStaticVersion(project), manifestPath };
    });
  }

  async readCurrentVersionFromRegistry(
    tree: Tree,
    currentVersionResolverMetadata: Record<string, unknown> | undefined,
  ): Promise<{ currentVersion: string | null; logText: string }> {
    const project = await rendered(() => this.readManifest(tree, this.sourceManifestPath()));
    return rendered(() =>
      readRegistryVersion({
        workspaceRoot: tree.root,
        nxJson: readNxJson(tree) as Parameters<typeof readRegistryVersion>[0]['nxJson'],
        distribution: project.name,
        metadata: currentVersionResolverMetadata,
        env: process.env,
        targets: this.projectGraphNode.data.targets,
        projectFile: join(this.projectGraphNode.data.root, 'project.json'),
      }),
    );
  }

  async readCurrentVersionOfDependency(
    tree: Tree,
    projectGraph: ProjectGraph,
    dependencyProjectName: string,
  ): Promise<{ currentVersion: string | null; dependencyCollection: string | null }> {
    return rendered(() => {
      const wanted = distributionName(projectGraph, dependencyProjectName);
      const site = this.dependencyMentions(tree).find((s) => s.normalizedName === wanted);
      // The whole requirement as written: Python has no bare "version of a dependency", and a text that
      // starts with the name never looks like a semver prefix to Nx's versionPrefix handling. A Poetry
      // constraint (`^0.1.0`) is given as written too: updateProjectDependencies drops the prefix Nx copies.
      return site ? { currentVersion: site.raw, dependencyCollection: site.collection } : { currentVersion: null, dependencyCollection: null };
    });
  }

  async updateProjectVersion(tree: Tree, newVersion: string): Promise<string[]> {
    return rendered(() => {
      const logs: string[] = [];
      const manifest = this.readManifest(tree, this.sourceManifestPath());
      if (manifest.poetry || manifest.poetryVersion) {
        for (const { manifestPath } of this.manifestsToUpdate) {
          const result = updatePoetryVersion(readText(tree, manifestPath), manifestPath, newVersion);
          tree.write(manifestPath, result.text);
          logs.push(`✍️  New version ${result.version} written to [tool.poetry] in manifest: ${manifestPath}`);
        }
        logs.push(...this.updateDunderVersion(tree, manifest.name, normalizeVersion(newVersion) as string));
        logs.push(...this.updateUvLockVersion(tree, manifest.name, normalizeVersion(newVersion) as string));
        return logs;
      }
      const project = manifest.project;
      if (project.version === undefined && project.dynamic.includes('version')) {
        // The version lives where the backend reads it; pyproject.toml has none to change.
        const { at, version: current } = this.dynamicVersion(tree, project);
        const path = join(this.projectGraphNode.data.root, at.file);
        const version = normalizeVersion(newVersion) as string;
        const text = computeDynamicVersionEdit(readText(tree, path), at, version);
        if (text === undefined) {
          throw new NxPypiError(`cannot write ${version} into ${path}: the version there is not one plain literal nx-pypi can rewrite in place`, {
            code: 'RELEASE_DYNAMIC_VERSION_NOT_EDITABLE',
            location: { file: path },
            hint:
              at.kind === 'assignment'
                ? `write it as ${at.name} = "${current}" on one line at the top level of the module`
                : 'keep the version as plain text where the backend reads it',
          });
        }
        tree.write(path, text);
        logs.push(`✍️  New version ${version} written to ${path} (the project's dynamic version)`);
        logs.push(...this.updateUvLockVersion(tree, project.name, version));
        return logs;
      }
      for (const { manifestPath } of this.manifestsToUpdate) {
        const result = updatePyProjectVersion(readText(tree, manifestPath), manifestPath, newVersion);
        tree.write(manifestPath, result.text);
        logs.push(`✍️  New version ${result.version} written to manifest: ${manifestPath}`);
      }
      logs.push(...this.updateDunderVersion(tree, project.name, normalizeVersion(newVersion) as string));
      logs.push(...this.updateUvLockVersion(tree, project.name, normalizeVersion(newVersion) as string));
      return logs;
    });
  }

  async updateProjectDependencies(tree: Tree, projectGraph: ProjectGraph, dependenciesToUpdate: Record<string, string>): Promise<string[]> {
    return rendered(() => {
      const targets = new Map<string, { name: string; version: string }>();
      for (const [project, value] of Object.entries(dependenciesToUpdate)) {
        const version = value.replace(/^[\^~=]/, '');
        if (normalizeVersion(version) === undefined) continue; // not a released version (Nx passes the raw requirement when it has none)
        targets.set(distributionName(projectGraph, project), { name: project, version: normalizeVersion(version) as string });
      }
      if (targets.size === 0) return [];
      const planPep508 = (site: RequirementSite, location: SourceLocation) => {
        const target = targets.get(site.requirement.normalizedName);
        if (!target || site.requirement.url !== undefined) return [];
        return planRequirementUpdate(site.requirement.raw, target.version, {
          preserveMatching: this.preservesMatching(site.collection),
          dependency: site.requirement.name,
          location,
        });
      };
      const logs: string[] = [];
      const rewritten: RequirementSite[] = [];
      for (const { manifestPath } of this.manifestsToUpdate) {
        const original = readText(tree, manifestPath);
        const pep508 = this.readManifest(tree, manifestPath).poetry
          ? { text: original, changes: [] }
          : updatePyProjectRequirements(original, manifestPath, planPep508);
        // Path, git and url entries have no constraint: they are never rewritten.
        const poetry = updatePoetryDependencies(pep508.text, manifestPath, (site, location) => {
          const target = targets.get(site.normalizedName);
          if (!target || !site.constraint) return site.constraint?.text ?? '';
          return planPoetryConstraintUpdate(site.constraint.text, target.version, {
            preserveMatching: this.preservesMatching(site.collection),
            dependency: site.name,
            location,
          });
        });
        // PEP 735 groups and uv's dev-dependencies follow like [project] requirements (they are edges too).
        const groups = updateGroupRequirements(poetry.text, manifestPath, planPep508);
        const changes = [...pep508.changes, ...poetry.changes, ...groups.changes];
        if (changes.length === 0) continue;
        tree.write(manifestPath, groups.text);
        logs.push(`✍️  Updated ${changes.length} ${changes.length === 1 ? 'dependency' : 'dependencies'} in manifest: ${manifestPath}`);
        for (const change of changes) logs.push(`   ${change.site.collection}: ${change.before} -> ${change.after}`);
        logs.push(...stalePoetryLock(tree, manifestPath, poetry.changes.length));
        rewritten.push(...[...pep508.changes, ...groups.changes].map((c) => c.site));
      }
      logs.push(...this.updateUvLockDependencies(tree, projectGraph, Object.keys(dependenciesToUpdate), rewritten));
      return logs;
    });
  }

  /**
   * Nx decides versions project by project and tells a dependent only "a dependency was bumped";
   * the Python VersionActions of one run share what they decided (per tree), so a dependent can
   * see whether the dependencies it requires are now pre-releases.
   */
  private recordDecidedVersion(newVersion: string): void {
    if (!this.tree) return;
    const decided = decidedVersions.get(this.tree) ?? new Map<string, string>();
    decidedVersions.set(this.tree, decided);
    decided.set(normalizeName(this.readManifest(this.tree, this.sourceManifestPath()).name), newVersion);
  }

  private decidedDependencyVersions(): string[] {
    const decided = this.tree && decidedVersions.get(this.tree);
    if (!this.tree || !decided) return [];
    return this.dependencyMentions(this.tree)
      .map((site) => decided.get(site.normalizedName))
      .filter((v): v is string => v !== undefined);
  }

  /**
   * A `[project].dynamic` version kept as text (a `__version__` literal, a VERSION file), read as
   * the build backend reads it; a computed one (VCS tags, code) cannot be set by a version bump.
   */
  private dynamicVersion(tree: Tree, project: PyProject): { version: string; at: VersionLocation } {
    const root = this.projectGraphNode.data.root;
    const files = listTreeFiles(tree, root);
    const outcome = selectDistFiles(project, new ProjectTree(files), { readFile: (path) => readText(tree, join(root, path)) });
    const at = outcome.kind === 'native' ? outcome.dynamic?.versionAt : undefined;
    const version = outcome.kind === 'native' ? outcome.dynamic?.version : undefined;
    if (at && version) return { version, at };
    const why = outcome.kind === 'unsupported' ? outcome.reason : 'the version is read from more than one file';
    throw new NxPypiError(`the version of "${project.name}" is dynamic and computed at build time (${why}), so nx release version cannot set it`, {
      code: 'RELEASE_DYNAMIC_VERSION_COMPUTED',
      location: { file: project.filePath, keyPath: 'project.dynamic' },
      hint: 'release a VCS-versioned project by tagging it (see "VCS-versioned projects" in the nx-pypi README) and leave it out of nx release version (release.projects), or keep the version as a literal (version = "1.2.3", or __version__ = "1.2.3" read by the backend)',
    });
  }

  /** The bumped project's entry in the uv.lock that locks it (core/uv/edit-uv-lock.ts). */
  private updateUvLockVersion(tree: Tree, name: string, version: string): string[] {
    const root = this.projectGraphNode.data.root;
    const lock = findUvLock(tree, root);
    return lock ? updateUvLock(tree, lock, { versions: [{ name, root, version, required: true }] }) : [];
  }

  /**
   * This project's uv.lock after its dependencies were bumped: a dependency it reaches by path
   * gets the version its pyproject.toml now declares (a workspace member's own bump already did
   * that), and each rewritten PEP 508 requirement is checked against what the lock records.
   */
  private updateUvLockDependencies(tree: Tree, projectGraph: ProjectGraph, dependencies: string[], rewritten: RequirementSite[]): string[] {
    const root = this.projectGraphNode.data.root;
    const lock = findUvLock(tree, root);
    if (!lock) return [];
    const versions: UvLockVersionUpdate[] = [];
    for (const dependency of dependencies) {
      const dependencyRoot = projectGraph.nodes[dependency]?.data.root;
      const manifestPath = dependencyRoot === undefined ? undefined : join(dependencyRoot, MANIFEST);
      if (manifestPath === undefined || !tree.exists(manifestPath)) continue;
      const manifest = this.readManifest(tree, manifestPath);
      const version = manifest.poetry?.version ?? manifest.project?.version;
      // A dynamic version is not recorded in uv.lock.
      if (version !== undefined) versions.push({ name: manifest.name, root: dependencyRoot as string, version, required: false });
    }
    const name = this.readManifest(tree, this.sourceManifestPath()).name;
    const requirements = rewritten.map((site) => ({ dependent: { name, root }, dependency: site.requirement.name, collection: site.collection }));
    return updateUvLock(tree, lock, { versions, requirements });
  }

  private sourceManifestPath(): string {
    return join(this.projectGraphNode.data.root, MANIFEST);
  }

  private readManifest(tree: Tree, manifestPath: string): ReleaseManifest {
    return readReleaseManifest(readText(tree, manifestPath), manifestPath);
  }

  private dependencyMentions(tree: Tree) {
    const path = this.sourceManifestPath();
    return listDependencyMentions(readText(tree, path), this.readManifest(tree, path));
  }

  private preservesMatching(collection: string): boolean {
    const setting = this.finalConfigForProject.preserveMatchingDependencyRanges;
    // Nx's default is true; its list names npm collections, mapped to the PEP 621 and Poetry ones.
    if (setting === undefined || typeof setting === 'boolean') return setting !== false;
    const npm = collection === 'dependencies' ? 'dependencies' : collection.startsWith('optional-dependencies') ? 'optionalDependencies' : 'devDependencies';
    return (setting as string[]).includes(npm);
  }

  private updateDunderVersion(tree: Tree, name: string, version: string): string[] {
    const logs: string[] = [];
    for (const candidate of listInitFileCandidates(toImportName(name))) {
      const path = join(this.projectGraphNode.data.root, candidate);
      if (!tree.exists(path)) continue;
      const source = readText(tree, path);
      const { edits } = computeDunderVersionEdits(source, version);
      if (edits.length === 0) continue;
      tree.write(path, applyTextEdits(source, edits));
      logs.push(`✍️  New version ${version} written to __version__ in ${path}`);
    }
    return logs;
  }
}

/** The PEP 503 name of a workspace project's distribution, from the graph metadata the plugin sets. */
function distributionName(projectGraph: ProjectGraph, projectName: string): string {
  const pypi = projectGraph.nodes[projectName]?.data.metadata?.pypi as { normalizedName?: string } | undefined;
  return pypi?.normalizedName ?? normalizeName(projectName);
}

/** Nx prints `error.message`: ours carries file, line:col and the fix only in render(). */
async function rendered<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof NxPypiError) throw new Error(err.render(), { cause: err });
    throw err;
  }
}

/**
 * poetry.lock cannot be brought up to date here. Its `content-hash` is a sha256 of the
 * `[tool.poetry]` dependency tables (Poetry's Locker._get_content_hash), so a changed constraint
 * makes Poetry refuse the lock; and the right lock entry for the new version comes from Poetry's
 * resolver against the index (file hashes of a version that is not published yet), which only
 * `poetry lock` can produce. So the bump says so, once, with the command.
 */
function stalePoetryLock(tree: Tree, manifestPath: string, poetryChanges: number): string[] {
  const dir = dirname(manifestPath);
  const lock = join(dir, 'poetry.lock');
  if (poetryChanges === 0 || !tree.exists(lock)) return [];
  return [
    `⚠️  ${lock} no longer matches ${manifestPath} (Poetry hashes its dependency tables): run \`poetry lock\` in ${dir || '.'} (Poetry 1.x: \`poetry lock --no-update\`) once the new versions are published`,
  ];
}
