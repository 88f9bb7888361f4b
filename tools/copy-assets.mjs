// Copies what tsc does not emit (schema.json files, generator templates, the Python scripts the
// plugin runs, such as its PEP 517 frontend) from src/ to dist/.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const pkg of ['nx-pypi', 'pypi-registry']) {
  const src = join(root, 'packages', pkg, 'src');
  const dist = join(root, 'packages', pkg, 'dist');
  if (!existsSync(src)) continue;
  walk(src, (file) => {
    const rel = relative(src, file);
    // Test fixtures (recorded backend output, fixture projects) never ship in the npm package.
    if (rel.split('/').includes('test-support')) return;
    const isTemplate = rel.split('/').includes('files');
    const isAsset = isTemplate || ((file.endsWith('.json') || file.endsWith('.py')) && !rel.includes('__fixtures__'));
    if (isAsset) cpSync(file, join(dist, rel), { recursive: true });
  });
}

function walk(dir, visit) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, visit);
    else visit(path);
  }
}
