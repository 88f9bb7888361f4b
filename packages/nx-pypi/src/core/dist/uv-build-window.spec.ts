import { uvBuildRequirementProblem } from './uv-build-window';

describe('uvBuildRequirementProblem', () => {
  it.each([
    'uv_build>=0.8,<0.10',
    'uv_build>=0.9.26,<0.10',
    'uv-build>=0.10.0,<0.11.0',
    'UV.Build ~= 0.10.0',
    'uv_build==0.10.*',
    'uv_build (>=0.9,<=0.10.12)',
    'uv_build>=0.9,<0.11,!=0.10.3',
  ])('accepts %s: its newest release is one the native builder reproduces', (req) => {
    expect(uvBuildRequirementProblem([req])).toBeUndefined();
  });

  it.each([
    ['uv_build', 'no upper bound'],
    ['uv_build>=0.9', 'outside uv_build 0.9.26 to 0.10.x'],
    ['uv_build>=0.10,<0.12', 'outside'],
    ['uv_build~=0.10', 'outside'],
    ['uv_build>=0.8,<0.9', 'outside'],
    ['uv_build==0.9.5', 'outside'],
    ['uv_build>=0.9,<0.10.0rc1', 'outside'],
    ['uv_build @ https://example.com/uv_build.whl', 'URL'],
    ["uv_build<0.11; python_version > '3'", 'marker'],
  ])('hands %s to uv_build (%s)', (req, reason) => {
    expect(uvBuildRequirementProblem([req])).toContain(reason);
  });

  it('needs exactly one uv_build requirement', () => {
    expect(uvBuildRequirementProblem(['setuptools'])).toContain('not at all');
    expect(uvBuildRequirementProblem(['uv_build<0.11', 'uv-build>=0.9'])).toContain('more than once');
  });
});
