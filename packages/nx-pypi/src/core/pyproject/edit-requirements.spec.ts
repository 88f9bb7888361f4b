import { planRequirementUpdate } from '../release/update-requirement';
import { updatePyProjectRequirements, type RequirementSite } from './edit-requirements';
import { parsePyProject } from './parse';

const FILE = [
  '[project]',
  'name = "token-cli"',
  'version = "0.1.0"',
  'dependencies = [',
  '  "token-lib>=0.1.0",            # the workspace library',
  '  \'Token_Lib[jwt] (>=0.1.0,<0.2) ; python_version >= "3.9"\',',
  '  "click>=8.1",',
  '  "token-lib ~= 0.1.0 ; os_name == \\"nt\\"",',
  ']',
  '',
  '[project.optional-dependencies]',
  'extra = ["token-lib==0.1.0", """token-lib @ file:///work/token-lib"""]',
  'other = [',
  "    '''token-lib !=0.1.5''',",
  ']',
  '',
].join('\r\n');

const plan = (site: RequirementSite) =>
  site.requirement.normalizedName === 'token-lib' && site.requirement.url === undefined
    ? planRequirementUpdate(site.requirement.raw, '0.2.0', { preserveMatching: false, dependency: 'token-lib' })
    : [];

describe('updatePyProjectRequirements', () => {
  it('changes only specifier characters inside the string literals', () => {
    const { text, changes } = updatePyProjectRequirements(FILE, 'token-cli/pyproject.toml', plan);
    expect(text).toBe(
      FILE.replace('"token-lib>=0.1.0"', '"token-lib>=0.2.0"')
        .replace('(>=0.1.0,<0.2)', '(>=0.2.0,<0.3)')
        .replace('~= 0.1.0', '~= 0.2.0')
        .replace('token-lib==0.1.0', 'token-lib==0.2.0'),
    );
    expect(changes.map((c) => [c.site.collection, c.before, c.after])).toEqual([
      ['dependencies', 'token-lib>=0.1.0', 'token-lib>=0.2.0'],
      ['dependencies', 'Token_Lib[jwt] (>=0.1.0,<0.2) ; python_version >= "3.9"', 'Token_Lib[jwt] (>=0.2.0,<0.3) ; python_version >= "3.9"'],
      ['dependencies', 'token-lib ~= 0.1.0 ; os_name == "nt"', 'token-lib ~= 0.2.0 ; os_name == "nt"'],
      ['optional-dependencies.extra', 'token-lib==0.1.0', 'token-lib==0.2.0'],
    ]);
    const before = parsePyProject(FILE, 'p');
    const after = parsePyProject(text, 'p');
    expect({ ...after, dependencies: [], optionalDependencies: {} }).toEqual({ ...before, dependencies: [], optionalDependencies: {} });
    expect(after.dependencies.map((r) => [r.name, r.extras, r.marker, r.specifier])).toEqual([
      ['token-lib', [], undefined, '>=0.2.0'],
      ['Token_Lib', ['jwt'], 'python_version >= "3.9"', '>=0.2.0,<0.3'],
      ['click', [], undefined, '>=8.1'],
      ['token-lib', [], 'os_name == "nt"', '~=0.2.0'],
    ]);
  });

  it('returns the text unchanged when nothing is planned', () => {
    expect(updatePyProjectRequirements(FILE, 'p', () => [])).toEqual({ text: FILE, changes: [] });
  });

  it('hands the plan the location of each requirement for its errors', () => {
    expect(() =>
      updatePyProjectRequirements(FILE, 'token-cli/pyproject.toml', (site, location) =>
        site.collection === 'optional-dependencies.other'
          ? planRequirementUpdate(site.requirement.raw, '0.1.5', { preserveMatching: false, dependency: 'token-lib', location })
          : [],
      ),
    ).toThrow(
      expect.objectContaining({ location: { file: 'token-cli/pyproject.toml', keyPath: 'project.optional-dependencies.other[0]', line: 14, column: 5 } }),
    );
  });

  it('refuses a plan that would change more than the specifier', () => {
    expect(() => updatePyProjectRequirements(FILE, 'p', (site) => (site.requirement.name === 'click' ? [{ start: 0, end: 5, text: 'clack' }] : []))).toThrow(
      /refused to edit p: the edited field does not read back as written/,
    );
  });
});
