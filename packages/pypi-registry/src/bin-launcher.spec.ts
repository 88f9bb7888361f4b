import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const packageRoot = join(__dirname, '..');

describe('the pypi-registry command on a fresh clone', () => {
  it('is a committed launcher, so `npm ci` links it before anything is compiled', () => {
    const bin = (require(join(packageRoot, 'package.json')) as { bin: Record<string, string> }).bin['pypi-registry'];
    const tracked = execFileSync('git', ['ls-files', '--', bin], { cwd: packageRoot, encoding: 'utf8' }).trim();
    expect(tracked).toBe(bin);
  });
});
