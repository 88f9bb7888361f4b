import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderEditableDirectUrl, replaceRecordEntry } from '../../../core/dist/editable-direct-url';
import { PythonProcessError, runPython, tailOf } from '../../../io/python/pip';

export interface EditableInstall {
  /** `token_lib-0.1.0.dist-info`, as pip installed it from the wheel. */
  distInfoDir: string;
  /** Absolute project folder (holds pyproject.toml). */
  projectDir: string;
}

/**
 * Rewrites each installed distribution's direct_url.json to say "editable, from this folder"
 * (see core/dist/editable-direct-url.ts) and updates its RECORD line to match.
 */
export async function markEditable(venvPython: string, env: NodeJS.ProcessEnv, cwd: string, installs: readonly EditableInstall[]): Promise<void> {
  // purelib is where a pure wheel's .dist-info lands; asking the venv's interpreter is the only sure way.
  const probe = await runPython(venvPython, ['-c', 'import sysconfig; print(sysconfig.get_path("purelib"))'], env, cwd);
  const purelib = probe.output.trim();
  if (probe.code !== 0 || purelib === '') {
    throw new PythonProcessError(`\`${venvPython}\` could not name its site-packages folder:\n${tailOf(probe.output, [])}`, {
      code: 'INSTALL_VENV_BROKEN',
      hint: 'Delete the virtual environment folder and run the install target again.',
    });
  }
  for (const install of installs) {
    const directUrlPath = `${install.distInfoDir}/direct_url.json`;
    const recordFile = join(purelib, install.distInfoDir, 'RECORD');
    const bytes = Buffer.from(renderEditableDirectUrl(install.projectDir), 'utf8');
    const record = await readFile(recordFile, 'utf8');
    await writeFile(join(purelib, directUrlPath), bytes);
    await writeFile(recordFile, replaceRecordEntry(record, directUrlPath, bytes));
  }
}
