import { selectArtifactsToPublish } from './select-artifacts';

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
    expect(() => select(['token_lib-0.1.0-py3-none-any.whl', 'token_lib-0.2.0-py3-none-any.whl'])).toThrow(
      'token-lib/dist holds files that are not token-lib 0.2.0: token_lib-0.1.0-py3-none-any.whl (version 0.1.0, but the project is at 0.2.0)',
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
