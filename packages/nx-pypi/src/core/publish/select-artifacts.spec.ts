import type { PublishInputError } from './errors';
import { findBuiltVersion, selectArtifactsToPublish } from './select-artifacts';

const project = { name: 'token-lib', version: '0.2.0' };
const select = (files: string[]) => selectArtifactsToPublish(files, project, 'token-lib/dist', 'nx run token-lib:build');

describe('selectArtifactsToPublish', () => {
  it('selects the wheel and sdist of the current version and ignores non-artifacts', () => {
    expect(select(['token_lib-0.2.0.tar.gz', '.gitignore', 'token_lib-0.2.0-py3-none-any.whl'])).toEqual([
      'token_lib-0.2.0-py3-none-any.whl',
      'token_lib-0.2.0.tar.gz',
    ]);
  });

  it('accepts older spellings of the same distribution and version (flit keeps dashes, 0.2 == 0.2.0 is not assumed)', () => {
    expect(select(['token-lib-0.2.0.tar.gz', 'Token_Lib-0.2.0-py3-none-any.whl'])).toHaveLength(2);
  });

  it('refuses a stale artifact of another version, naming it and the build command', () => {
    let rendered = '';
    try {
      select(['token_lib-0.1.0-py3-none-any.whl', 'token_lib-0.2.0-py3-none-any.whl']);
    } catch (err) {
      rendered = (err as PublishInputError).render();
    }
    // The folder is named once, as the location.
    expect(rendered).toMatch(
      /^token-lib\/dist holds files that are not token-lib 0\.2\.0: token_lib-0\.1\.0-py3-none-any\.whl \(version 0\.1\.0, but the project is at 0\.2\.0\)\n/,
    );
  });

  it('refuses another distribution in the folder', () => {
    expect(() => select(['other-1.0.tar.gz'])).toThrow(/other-1\.0\.tar\.gz \(not a distribution of token-lib\)/);
  });

  it('refuses an empty dist/ with the command to run', () => {
    try {
      select([]);
      throw new Error('expected a failure');
    } catch (err) {
      expect((err as { render(): string }).render()).toContain('run `nx run token-lib:build` first');
    }
  });
});

describe('findBuiltVersion', () => {
  it('reads the one version the build wrote for a project whose version is computed at build time', () => {
    expect(findBuiltVersion(['scm-lib-1.1.0.tar.gz', 'scm_lib-1.1.0-py3-none-any.whl', 'notes.txt'], 'scm-lib', 'libs/scm/dist', 'nx run scm-lib:build')).toBe(
      '1.1.0',
    );
    expect(findBuiltVersion([], 'scm-lib', 'libs/scm/dist', 'nx run scm-lib:build')).toBeUndefined();
  });

  it('refuses a dist/ holding several versions, with the build command', () => {
    expect(() => findBuiltVersion(['scm_lib-1.0.0.tar.gz', 'scm_lib-1.1.0.tar.gz'], 'scm-lib', 'libs/scm/dist', 'nx run scm-lib:build')).toThrow(
      /holds several versions of scm-lib \(1\.0\.0, 1\.1\.0\)/,
    );
  });
});
