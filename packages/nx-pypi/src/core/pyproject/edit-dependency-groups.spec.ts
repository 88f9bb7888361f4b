import { planRequirementUpdate } from '../release/update-requirement';
import { listGroupRequirementSites, updateGroupRequirements } from './edit-dependency-groups';
import { PyProjectError } from './errors';

const FILE = 'packages/app/pyproject.toml';

const APP = `[project]
name = "token-app"
dependencies = ["token-lib>=0.1.0"]

[dependency-groups]
# tests import the library
test = [
  'token-lib[testing] >= 0.1.0 ; python_version >= "3.9"',  # single quotes stay
  {include-group = "lint"},
]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["Token_Lib~=0.1.0"]
`;

const bump = (version: string) =>
  updateGroupRequirements(APP, FILE, (site) =>
    site.requirement.normalizedName === 'token-lib'
      ? planRequirementUpdate(site.requirement.raw, version, { preserveMatching: false, dependency: 'token-lib' })
      : [],
  );

describe('updateGroupRequirements', () => {
  it('rewrites only the version characters of group and uv dev-dependencies requirements', () => {
    const { text, changes } = bump('0.2.0');
    expect(text).toBe(APP.replace('>= 0.1.0 ;', '>= 0.2.0 ;').replace('Token_Lib~=0.1.0', 'Token_Lib~=0.2.0'));
    expect(changes.map((c) => [c.site.collection, c.before, c.after])).toEqual([
      ['dependency-groups.test', 'token-lib[testing] >= 0.1.0 ; python_version >= "3.9"', 'token-lib[testing] >= 0.2.0 ; python_version >= "3.9"'],
      ['tool.uv.dev-dependencies', 'Token_Lib~=0.1.0', 'Token_Lib~=0.2.0'],
    ]);
  });

  it('leaves [project] requirements to edit-requirements and changes nothing when no plan edits', () => {
    expect(bump('0.2.0').text).toContain('dependencies = ["token-lib>=0.1.0"]');
    expect(updateGroupRequirements(APP, FILE, () => [])).toEqual({ text: APP, changes: [] });
  });

  it('refuses an edit that would change the requirement beyond its version, leaving the file as it is', () => {
    expect(() => updateGroupRequirements(APP, FILE, (site) => (site.requirement.name === 'ruff' ? [{ start: 0, end: 4, text: 'black' }] : []))).toThrow(
      /refused to edit packages\/app\/pyproject\.toml: a rewritten group requirement would change more than its version/,
    );
  });
});

describe('listGroupRequirementSites', () => {
  it('lists groups in file order, then uv dev-dependencies, each with its key path', () => {
    expect(listGroupRequirementSites(APP, FILE).map((s) => [s.collection, s.path, s.requirement.name])).toEqual([
      ['dependency-groups.test', ['dependency-groups', 'test', 0], 'token-lib'],
      ['dependency-groups.lint', ['dependency-groups', 'lint', 0], 'ruff'],
      ['tool.uv.dev-dependencies', ['tool', 'uv', 'dev-dependencies', 0], 'Token_Lib'],
    ]);
  });

  it('throws a located error for a bad entry', () => {
    expect(() => listGroupRequirementSites('[dependency-groups]\ntest = [{include-group = "nope"}]\n', FILE)).toThrow(PyProjectError);
  });
});
