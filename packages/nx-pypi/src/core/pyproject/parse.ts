/**
 * pyproject.toml -> validated PyProject (PEP 621 `[project]`, PEP 517/518 `[build-system]`, raw `[tool]`).
 * All problems of a file are collected and thrown together as one PyProjectError, each with the file,
 * the TOML key path, the 1-based line:col of the offending value and what to do.
 */
import { normalizeName } from '../names';
import { Checker, isTable, type Table } from './checker';
import { DynamicVersionError } from './errors';
import { checkClassifiers, checkDescription, checkDynamic, checkKeywords, checkName, checkRequiresPython, checkVersion, PROJECT_KEYS } from './fields-core';
import { checkBuildSystem, checkOptionalDependencies, checkRequirements } from './fields-dependencies';
import { checkEntryPoints, checkScripts } from './fields-entry-points';
import { checkPeople, checkUrls } from './fields-people-urls';
import { checkLicense, checkLicenseFiles, checkReadme } from './fields-readme-license';
import { indexTomlPositions } from './locate';
import { emptyProjectFields, type PyProject } from './model';
import { locateProblems, readTomlDocument } from './toml-document';

/** Parses and validates a pyproject.toml. `filePath` is only used in messages. Throws PyProjectError. */
export function parsePyProject(text: string, filePath: string): PyProject {
  const doc = readTomlDocument(text, filePath);

  const c = new Checker();
  const result = checkDocument(c, doc);
  if (c.problems.length) throw locateProblems(c, text, filePath);
  if (result.urls.some(([label]) => /^(0|[1-9][0-9]*)$/.test(label))) restoreUrlOrder(result, text);
  return { filePath, ...result };
}

/** The version, or a clear error when it is dynamic: nx-pypi builds and releases from a literal version. */
export function requireStaticVersion(project: PyProject): string {
  if (project.version !== undefined) return project.version;
  throw new DynamicVersionError(`the version of "${project.name}" is dynamic, but nx-pypi needs a static version to build and release`, {
    code: 'PYPROJECT_DYNAMIC_VERSION',
    hint: 'set a static `version = "0.1.0"` in [project] and remove "version" from dynamic',
    location: { file: project.filePath, keyPath: 'project.version' },
  });
}

function checkDocument(c: Checker, doc: Table): Omit<PyProject, 'filePath'> {
  let tool: Table = {};
  if (doc.tool !== undefined) tool = c.table(['tool'], doc.tool) ?? {};
  const buildSystem = doc['build-system'] === undefined ? undefined : checkBuildSystem(c, doc['build-system'], ['build-system']);

  const out: Omit<PyProject, 'filePath'> = { name: '', normalizedName: '', ...emptyProjectFields(), tool };
  if (buildSystem) out.buildSystem = buildSystem;
  if (doc.project === undefined) {
    c.report(
      ['project'],
      'PYPROJECT_MISSING_PROJECT',
      'there is no [project] table',
      'add a [project] table with at least name = "my-package" and version = "0.1.0" (PEP 621)',
    );
    return out;
  }
  const project = c.table(['project'], doc.project, 'write it as a [project] table');
  if (!project) return out;
  checkProject(c, project, out, buildSystem?.buildBackend);
  return out;
}

/** Valid PEP 794 keys that nx-pypi cannot carry into metadata yet. */
const UNSUPPORTED_PROJECT_KEYS = ['import-names', 'import-namespaces'];

function checkProject(c: Checker, project: Table, out: Omit<PyProject, 'filePath'>, backend: string | undefined): void {
  const p = (key: string) => ['project', key];
  c.unknownKeys(
    ['project'],
    project,
    [...PROJECT_KEYS, ...UNSUPPORTED_PROJECT_KEYS],
    `[project] may only contain the PEP 621 fields: ${PROJECT_KEYS.join(', ')}; tool settings go under [tool.<name>]`,
  );
  for (const key of UNSUPPORTED_PROJECT_KEYS) {
    if (project[key] !== undefined) {
      // Standard keys, but the PyProject model has no place for them: refuse rather than drop them silently.
      c.report(
        ['project', key],
        'PYPROJECT_UNSUPPORTED_KEY',
        `"${key}" (PEP 794, core metadata 2.5) is not supported by nx-pypi yet`,
        `remove ${key} from [project]; the built metadata would otherwise lack it`,
        'key',
      );
    }
  }
  const dynamicItems = project.dynamic === undefined ? [] : checkDynamic(c, project.dynamic, p('dynamic'));
  const dynamic = dynamicItems.map(([field]) => field);
  out.dynamic = dynamic;
  dynamicItems.forEach(([field, i]) => {
    if (field !== 'name' && project[field] !== undefined) {
      c.report(
        ['project', 'dynamic', i],
        'PYPROJECT_STATIC_AND_DYNAMIC',
        `"${field}" is listed in dynamic but also set in [project]`,
        `remove "${field}" from dynamic, or remove the static ${field} value`,
      );
    }
  });

  if (project.name === undefined) {
    c.report(['project'], 'PYPROJECT_MISSING_NAME', '[project] has no name', 'add name = "my-package" to [project]');
  } else {
    const name = checkName(c, project.name, p('name'));
    if (name !== undefined) out.name = name;
    out.normalizedName = normalizeName(out.name);
  }
  if (project.version === undefined && !dynamic.includes('version')) {
    c.report(['project'], 'PYPROJECT_MISSING_VERSION', '[project] has no version', 'set a static `version = "0.1.0"` in [project]');
  } else if (project.version !== undefined) {
    const version = checkVersion(c, project.version, p('version'));
    if (version) [out.rawVersion, out.version] = [version.raw, version.normalized];
  }

  const set = <K extends keyof typeof out>(key: K, v: (typeof out)[K] | undefined) => {
    if (v !== undefined) out[key] = v;
  };
  const field = (key: string) => project[key];
  if (field('description') !== undefined) set('description', checkDescription(c, field('description'), p('description')));
  if (field('readme') !== undefined) set('readme', checkReadme(c, field('readme'), p('readme')));
  if (field('requires-python') !== undefined) set('requiresPython', checkRequiresPython(c, field('requires-python'), p('requires-python')));
  if (field('license') !== undefined) set('license', checkLicense(c, field('license'), p('license')));
  if (field('license-files') !== undefined) set('licenseFiles', checkLicenseFiles(c, field('license-files'), p('license-files')));
  if (field('authors') !== undefined) set('authors', checkPeople(c, field('authors'), p('authors')));
  if (field('maintainers') !== undefined) set('maintainers', checkPeople(c, field('maintainers'), p('maintainers')));
  if (field('keywords') !== undefined) set('keywords', checkKeywords(c, field('keywords'), p('keywords')));
  if (field('classifiers') !== undefined) set('classifiers', checkClassifiers(c, field('classifiers'), p('classifiers')));
  if (field('urls') !== undefined) set('urls', checkUrls(c, field('urls'), p('urls')));
  if (field('scripts') !== undefined) set('scripts', checkScripts(c, field('scripts'), p('scripts')));
  if (field('gui-scripts') !== undefined) set('guiScripts', checkScripts(c, field('gui-scripts'), p('gui-scripts')));
  if (field('entry-points') !== undefined) set('entryPoints', checkEntryPoints(c, field('entry-points'), p('entry-points')));
  if (field('dependencies') !== undefined) set('dependencies', checkRequirements(c, field('dependencies'), p('dependencies')));
  if (field('optional-dependencies') !== undefined) {
    set('optionalDependencies', checkOptionalDependencies(c, field('optional-dependencies'), p('optional-dependencies')));
  }
  checkLicenseConsistency(c, project, backend);
}

/**
 * PEP 639: an SPDX `license` replaces License :: classifiers (tools MAY refuse both together), and
 * license-files replaces the legacy table. setuptools (>= 77), flit_core (>= 3.12) and
 * pdm-backend refuse the classifiers; hatchling builds with both, so its projects may keep them.
 */
function checkLicenseConsistency(c: Checker, project: Table, backend: string | undefined): void {
  if (typeof project.license === 'string' && Array.isArray(project.classifiers) && backend !== 'hatchling.build') {
    project.classifiers.forEach((classifier, i) => {
      if (typeof classifier === 'string' && classifier.startsWith('License ::')) {
        c.report(
          ['project', 'classifiers', i],
          'PYPROJECT_LICENSE_CLASSIFIER',
          `"${classifier}" cannot be combined with a license expression (PEP 639)`,
          `remove the License :: classifier; license = "${project.license}" already says it`,
        );
      }
    });
  }
  if (isTable(project.license) && project['license-files'] !== undefined) {
    c.report(
      ['project', 'license-files'],
      'PYPROJECT_LICENSE_FILES_WITH_TABLE',
      'license-files cannot be used with the legacy license table (PEP 639)',
      'replace the license table with an SPDX expression, e.g. license = "MIT", and keep license-files',
    );
  }
}

function restoreUrlOrder(result: Omit<PyProject, 'filePath'>, text: string): void {
  // JS objects list integer-like keys first; the file order is what users expect in Project-URL.
  const positions = indexTomlPositions(text);
  const offset = (label: string) => positions.keyOffset(['project', 'urls', label]) ?? 0;
  result.urls.sort((a, b) => offset(a[0]) - offset(b[0]));
}
