import { closestName, editDistance } from './closest-name';

describe('closestName', () => {
  it('suggests the known name within the allowed edits, ignoring case, the closest first', () => {
    expect(closestName('crop', ['corp', 'staging'])).toBe('corp');
    expect(closestName('NEXUS', ['nexsu', 'nexus'])).toBe('nexus');
    expect(closestName('repository', ['defaultRepository', 'repositories'], 3)).toBe('repositories');
    expect(closestName('buildTargetName', ['defaultRepository', 'repositories'], 3)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('defaultrepositroy', 'defaultrepository')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
