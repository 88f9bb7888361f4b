import { readDistributionIdentity } from './distribution-identity';

const FILE = 'libs/p/pyproject.toml';
const renderedError = (text: string): string => {
  try {
    readDistributionIdentity(text, FILE);
  } catch (err) {
    return (err as { render(): string }).render();
  }
  throw new Error('expected an error');
};

describe('readDistributionIdentity', () => {
  it('reads a Poetry 1.x project from [tool.poetry], version in PEP 440 normal form', () => {
    const id = readDistributionIdentity('[tool.poetry]\nname = "Token_Lib"\nversion = "0.2.0-rc.1"\n\n[tool.poetry.dependencies]\npython = "^3.9"\n', FILE);
    expect(id).toMatchObject({ name: 'Token_Lib', dynamicVersion: false, versionKeyPath: 'tool.poetry.version' });
    expect(id.requireVersion()).toBe('0.2.0rc1');
  });

  it('refuses a Poetry project without a version, or with an invalid one, located with the fix', () => {
    expect(renderedError('[tool.poetry]\nname = "p"\n')).toBe(
      'libs/p/pyproject.toml:1:1 [tool.poetry] [tool.poetry] has no version\n  set version = "0.1.0" in [tool.poetry]',
    );
    expect(renderedError('[tool.poetry]\nname = "p"\nversion = "one"\n')).toMatch(
      /^libs\/p\/pyproject\.toml:3:11 \[tool\.poetry\.version\] "one" is not a valid PEP 440 version/,
    );
  });

  it('reads [project] for PEP 621 and Poetry 2 files, and keeps the dynamic-version path', () => {
    const poetry2 = readDistributionIdentity('[project]\nname = "app"\nversion = "1.0"\n\n[tool.poetry]\nname = "other"\nversion = "9.9"\n', FILE);
    expect([poetry2.name, poetry2.requireVersion(), poetry2.versionKeyPath]).toEqual(['app', '1.0', 'project.version']);
    const dynamic = readDistributionIdentity('[project]\nname = "d"\ndynamic = ["version"]\n', FILE);
    expect(dynamic.dynamicVersion).toBe(true);
    expect(() => dynamic.requireVersion()).toThrow(/the version of "d" is dynamic/);
  });
});
