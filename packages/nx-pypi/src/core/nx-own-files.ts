/**
 * What Nx and nx-pypi keep in a project folder that is not the package's: the project's Nx
 * configuration, the repository settings (`pip.conf`, `nx-pypi.json`) and the local registry's
 * state (`.nx-pypi/`). They are never build inputs — a changed repository URL must leave every build
 * cached — so they are never in an artifact either: hatchling, whose sdist takes every file, would
 * otherwise ship them, and a cached sdist could differ from a fresh one.
 */
export const NX_OWN_FILES: readonly string[] = ['project.json', 'pip.conf', 'nx-pypi.json'];
export const NX_OWN_DIRS: readonly string[] = ['.nx-pypi'];
