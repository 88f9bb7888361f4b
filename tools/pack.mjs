// `npm run pack`: builds the packages and writes their installable tarballs to <repo>/dist/
// (dist/nx-pypi-<version>.tgz, dist/pypi-registry-<version>.tgz).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

for (const pkg of ['nx-pypi', 'pypi-registry']) rmSync(join(root, 'packages', pkg, 'dist'), { recursive: true, force: true });
execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const pkg of ['nx-pypi', 'pypi-registry']) {
  execFileSync(npm, ['pack', '--silent', '--pack-destination', out], { cwd: join(root, 'packages', pkg), stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log(
  `packed: ${readdirSync(out)
    .map((f) => `dist/${f}`)
    .join(', ')}`,
);
