import { renderError } from '../../errors';
import { parseRepositorySettingsFile, renderRepositorySettingsFile } from './repository-settings-file';

const refusal = (text: string): string => {
  try {
    parseRepositorySettingsFile(text);
  } catch (e) {
    return renderError(e);
  }
  throw new Error('expected the file to be refused');
};

describe('parseRepositorySettingsFile', () => {
  it('returns the settings as written, key order kept', () => {
    const text = '{\n  "repositories": { "nexus": { "uploadUrl": "https://n/repository/h/" } },\n  "defaultRepository": "nexus"\n}\n';
    const settings = parseRepositorySettingsFile(text);
    expect(settings).toEqual({ repositories: { nexus: { uploadUrl: 'https://n/repository/h/' } }, defaultRepository: 'nexus' });
    expect(Object.keys(settings)).toEqual(['repositories', 'defaultRepository']);
    expect(parseRepositorySettingsFile('{}')).toEqual({});
  });

  it('names the file and line:col of a JSON syntax error', () => {
    expect(refusal('{\n  "repositories": {\n    "nexus": { "uploadUrl": "https://n/" },\n  }\n}\n')).toMatch(
      /^nx-pypi\.json:3:43 is not valid JSON: a trailing comma before "}"\n {2}Fix the text at 3:43\./,
    );
  });

  it('refuses unknown top-level keys, suggesting the key meant', () => {
    expect(refusal('{ "repository": { "nexus": {} }, "buildTargetName": "b" }')).toBe(
      [
        'nx-pypi.json cannot be used (2 problems):',
        '- nx-pypi.json [repository] unknown key "repository"',
        '    nx-pypi.json holds only "defaultRepository" and "repositories" (did you mean "repositories"?). Plugin options such as buildTargetName stay in nx.json.',
        '- nx-pypi.json [buildTargetName] unknown key "buildTargetName"',
        '    nx-pypi.json holds only "defaultRepository" and "repositories". Plugin options such as buildTargetName stay in nx.json.',
      ].join('\n'),
    );
  });

  it.each([
    ['a top level that is no object', '[]', /^nx-pypi\.json the file must hold one JSON object/],
    ['a defaultRepository that is no name', '{ "defaultRepository": 1 }', /^nx-pypi\.json \[defaultRepository\] expected the name of a repository/],
    ['repositories that are no object', '{ "repositories": ["nexus"] }', /^nx-pypi\.json \[repositories\] expected an object of repositories by name/],
    [
      'a repository that is no object',
      '{ "repositories": { "nexus": "https://n/" } }',
      /^nx-pypi\.json \[repositories\.nexus\] expected an object of repository settings/,
    ],
  ])('refuses %s, naming the key path', (_title, text, message) => {
    expect(refusal(text)).toMatch(message);
  });
});

describe('renderRepositorySettingsFile', () => {
  it('writes two-space JSON ending with a newline, which reads back the same', () => {
    const settings = { defaultRepository: 'nexus', repositories: { nexus: { caBundle: 'tools/certs/chain.pem' } } };
    const text = renderRepositorySettingsFile(settings);
    expect(text).toBe('{\n  "defaultRepository": "nexus",\n  "repositories": {\n    "nexus": {\n      "caBundle": "tools/certs/chain.pem"\n    }\n  }\n}\n');
    expect(parseRepositorySettingsFile(text)).toEqual(settings);
  });
});
