import { renderError } from '../../errors';
import { chooseRepositorySettings } from './choose-repository-settings';
import type { FoundPluginOptions } from './plugin-options';

const nexus = { uploadUrl: 'https://n/repository/h/' };
const nxJson = (options: FoundPluginOptions['options']): FoundPluginOptions => ({
  index: 1,
  options,
  location: { file: 'nx.json', keyPath: 'plugins[1].options' },
});

describe('chooseRepositorySettings', () => {
  it('takes nx-pypi.json, with key paths from its top level and no warning', () => {
    const chosen = chooseRepositorySettings({ file: { repositories: { nexus } }, nxJson: nxJson({ buildTargetName: 'py-build' }) });
    expect(chosen).toEqual({ settings: { repositories: { nexus } }, location: { file: 'nx-pypi.json' }, origin: 'nx-pypi.json' });
  });

  it("falls back to nx.json's plugin options, warning that each edit there costs every build its cache, with the fix", () => {
    const chosen = chooseRepositorySettings({ file: undefined, nxJson: nxJson({ exclude: ['x'], defaultRepository: 'nexus', repositories: { nexus } }) });
    expect(chosen.settings).toEqual({ defaultRepository: 'nexus', repositories: { nexus } });
    expect(chosen.location).toEqual({ file: 'nx.json', keyPath: 'plugins[1].options' });
    expect(chosen.origin).toBe('nx.json');
    expect(chosen.warning).toEqual({
      message:
        'the repository settings are read from nx.json [plugins[1].options]: Nx hashes nx.json into every task, so every edit of them (a URL, a CA bundle) invalidates every cached build',
      fix: 'move "defaultRepository" and "repositories" into nx-pypi.json at the workspace root (same keys, top level), which no build reads, and delete them from nx.json',
    });
  });

  it('uses nx.json when nx-pypi.json exists but defines nothing', () => {
    expect(chooseRepositorySettings({ file: {}, nxJson: nxJson({ repositories: { nexus } }) }).origin).toBe('nx.json');
  });

  it('points at nx-pypi.json, where settings belong, when neither file has any', () => {
    expect(chooseRepositorySettings({ file: undefined, nxJson: undefined })).toEqual({ settings: {}, location: { file: 'nx-pypi.json' }, origin: 'none' });
    expect(chooseRepositorySettings({ file: undefined, nxJson: nxJson({}) }).origin).toBe('none');
  });

  it.each([
    ['both define repositories', { repositories: { nexus } }, { repositories: { nexus } }, 'repositories', '(repositories) and nx.json (repositories)'],
    [
      'the two keys are split over the files',
      { repositories: { nexus } },
      { defaultRepository: 'nexus' },
      'defaultRepository',
      '(repositories) and nx.json (defaultRepository)',
    ],
  ])('refuses settings in both files when %s, naming both and the fix', (_title, file, options, key, which) => {
    let text = '';
    try {
      chooseRepositorySettings({ file, nxJson: nxJson(options) });
    } catch (e) {
      text = renderError(e);
    }
    expect(text).toContain(`nx.json [plugins[1].options.${key}] repository settings are in both nx-pypi.json ${which}; nx-pypi reads one place`);
    expect(text).toContain(`Move "${key}" from nx.json [plugins[1].options] into nx-pypi.json (merge them with what it holds), and delete them from nx.json`);
  });
});
