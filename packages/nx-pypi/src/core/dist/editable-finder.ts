/**
 * The import hook of an editable install whose packages live under another name in the source
 * tree (a setuptools `package-dir` alias, a hatchling `sources` rewrite): a path entry cannot make
 * `import token_lib` find a folder called `lib`, so a meta path finder maps each such top-level
 * name to its folder (or module file). Submodules then load through the package's `__path__`, the
 * normal way. The same mechanism setuptools' editable wheels use, written for this case only.
 */

/** A top-level import name served from a folder or `.py` file of another name (absolute path). */
export interface MappedImport {
  name: string;
  path: string;
}

/** `__editable___token_lib_0_1_0_finder`: unique per distribution and version, a valid module name. */
export function editableFinderModuleName(distName: string, version: string): string {
  return `__editable___${distName}_${version}_finder`.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The `.pth` line that installs the finder at interpreter start (site.py executes lines beginning with `import`). */
export function renderFinderPthLine(moduleName: string): string {
  return `import ${moduleName}; ${moduleName}.install()`;
}

/** The finder module's source. Paths are embedded as JSON strings, which are valid Python literals. */
export function renderEditableFinder(distribution: string, mapped: readonly MappedImport[]): string {
  const mapping = `{${mapped.map((m) => `\n    ${JSON.stringify(m.name)}: ${JSON.stringify(m.path)},`).join('')}\n}`;
  return `"""Editable install of ${distribution.replace(/["\\\n]/g, '_')} by nx-pypi: imports these names from their source paths."""
import os
import sys
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location

MAPPING = ${mapping}


class _NxPypiEditableFinder:
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        location = MAPPING.get(fullname)
        if location is None:
            return None
        if location.endswith(".py"):
            return spec_from_file_location(fullname, location)
        init = os.path.join(location, "__init__.py")
        if os.path.isfile(init):
            return spec_from_file_location(fullname, init, submodule_search_locations=[location])
        # A namespace package: no loader, its folder as the search path.
        spec = ModuleSpec(fullname, None, is_package=True)
        spec.submodule_search_locations = [location]
        return spec


def install():
    if not any(finder is _NxPypiEditableFinder for finder in sys.meta_path):
        sys.meta_path.append(_NxPypiEditableFinder)
`;
}
