import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let version: string | undefined;

/** nx-pypi's own version (WHEEL's Generator line); package.json is two folders up, from src/io and dist/io alike. */
export function readPluginVersion(): string {
  version ??= (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
