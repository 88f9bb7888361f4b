/**
 * `nx g nx-pypi:<generator> --help` prints the schema's top-level description and each option's
 * description as they are (nx/src/utils/print-help.js): a missing one is printed as "undefined".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from 'nx/src/utils/logger';
import { printHelp } from 'nx/src/utils/print-help';

const packageRoot = join(__dirname, '..', '..');
const generators = JSON.parse(readFileSync(join(packageRoot, 'generators.json'), 'utf8')).generators as Record<string, { schema: string }>;

/** generators.json names the built schema (dist/); the spec reads its source next to the generator. */
function readSchema(schemaPath: string): { description?: string; properties: Record<string, { description?: string }> } {
  return JSON.parse(readFileSync(join(packageRoot, schemaPath.replace(/^\.\/dist\//, 'src/')), 'utf8'));
}

describe.each(Object.entries(generators))('nx g nx-pypi:%s --help', (name, { schema: schemaPath }) => {
  const schema = readSchema(schemaPath);

  it('has a description for the generator and for every option', () => {
    expect(schema.description?.trim()).toBeTruthy();
    const undescribed = Object.entries(schema.properties)
      .filter(([, p]) => !p.description?.trim())
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
  });

  it('prints that description, and no "undefined"', () => {
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    try {
      printHelp(`generate nx-pypi:${name}`, schema as never, { mode: 'generate', plugin: 'nx-pypi', entity: name, aliases: [] } as never);
      const printed = info.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(printed).not.toContain('undefined');
      expect(printed).toContain(String(schema.description).split(' ').slice(0, 3).join(' '));
    } finally {
      info.mockRestore();
    }
  });
});
