import { validateOptsAgainstSchema } from 'nx/src/utils/params';
import schema from './schema.json';

/**
 * Nx checks a target's options against the executor's schema before nx-pypi runs; in batch mode a
 * schema error stops the whole batch with Nx's own trace. A credential pasted into project.json
 * must instead reach nx-pypi's refusal, which names the key and the variable to use.
 */
describe('the publish schema', () => {
  it("lets a literal secret through to nx-pypi's own refusal", () => {
    for (const key of ['password', 'token', 'apiKey', 'secret']) {
      expect(() => validateOptsAgainstSchema({ [key]: 'hunter2' }, schema)).not.toThrow();
    }
  });

  it('still refuses options nobody declared, and accepts the repository overrides', () => {
    expect(() => validateOptsAgainstSchema({ uploadURL: 'x' }, schema)).toThrow(/uploadURL/);
    expect(() => validateOptsAgainstSchema({ uploadUrl: 'https://h/', timeoutSeconds: 5, allowHttpLoopback: true }, schema)).not.toThrow();
  });
});
