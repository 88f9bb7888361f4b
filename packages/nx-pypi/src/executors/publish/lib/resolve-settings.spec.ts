import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { renderError } from '../../../errors';
import { resolvePublishSettings } from './resolve-settings';

describe('resolvePublishSettings', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'nx-pypi-publish-settings-'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const context = (): ExecutorContext =>
    ({
      root: ws,
      cwd: ws,
      isVerbose: false,
      projectName: 'token-lib',
      targetName: 'publish',
      projectsConfigurations: { version: 2, projects: { 'token-lib': { root: 'libs/token-lib', targets: { publish: { options: {} } } } } },
      nxJsonConfiguration: { plugins: ['nx-pypi'] },
    }) as unknown as ExecutorContext;

  it('takes the upload URL from nx-pypi.json', () => {
    writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify({ repositories: { nexus: { uploadUrl: 'https://n.example.com/repository/h' } } }));
    const settings = resolvePublishSettings({}, context(), { HOME: ws });
    expect(settings.uploadUrl).toEqual({ value: 'https://n.example.com/repository/h/', source: 'nx-pypi.json [repositories.nexus.uploadUrl]' });
  });

  it('says where the missing upload URL belongs: the key path in nx-pypi.json', () => {
    writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify({ repositories: { nexus: { indexUrl: 'https://n.example.com/repository/g/simple/' } } }));
    let text = '';
    try {
      resolvePublishSettings({}, context(), { HOME: ws });
    } catch (e) {
      text = renderError(e);
    }
    expect(text).toMatch(
      /^nx-pypi\.json \[repositories\.nexus\.uploadUrl\] no upload URL is configured for publishing\n {2}add the uploadUrl .* to nx-pypi\.json, or set TWINE_REPOSITORY_URL$/,
    );
  });
});
