import { formatFiles, generateFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { toDistFilenamePart } from '../../core/names';
import { NxPypiError } from '../../errors';
import { INITIAL_VERSION, normalizeOptions } from './normalize-options';
import type { PackageGeneratorSchema } from './schema';

export { PackageGeneratorError } from './check-pyproject';

/**
 * `nx g nx-pypi:package token-lib`: a package in the token_lib layout, valid by construction.
 * Every option is checked before the Tree is touched, so a refusal writes nothing.
 */
export async function packageGenerator(tree: Tree, schema: PackageGeneratorSchema): Promise<GeneratorCallback> {
  let options;
  try {
    options = normalizeOptions(tree, schema);
  } catch (e) {
    // Nx prints only an error's message: render the hint into it, as the other generators do.
    throw e instanceof NxPypiError ? Object.assign(new Error(e.render()), { code: e.code, cause: e }) : e;
  }
  const packageDir = options.layout === 'src' ? `src/${options.importName}` : options.importName;
  generateFiles(tree, join(__dirname, 'files'), options.directory, {
    ...options,
    version: INITIAL_VERSION,
    distPart: toDistFilenamePart(options.name),
    packageDir,
    docstring: toDocstringBody(options.description),
  });
  for (const module of options.modules) {
    tree.write(join(options.directory, packageDir, `${module}.py`), `"""The ${module} module of ${options.importName}."""\n`);
  }
  tree.write(join(options.directory, 'pyproject.toml'), options.pyprojectToml);
  if (!schema.skipFormat) await formatFiles(tree);
  return () => undefined;
}

/** The description inside `"""..."""`: backslashes and quotes escaped, so no text ends the string early. */
function toDocstringBody(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export default packageGenerator;
