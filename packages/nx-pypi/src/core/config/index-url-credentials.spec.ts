import { execFileSync } from 'node:child_process';
import { computeIndexUrlWithCredentials } from './index-url-credentials';

// Reserved and awkward characters a generated password or a Nexus user token may hold.
const PASSWORDS = ['p%41ss', 'a%', '%%25', 'with:colon', 'at@sign@', 'slash/and?query#frag', 'space and+plus', 'ünïcødé€', 'quote\'"`', 'semi;comma,eq=amp&'];

describe('computeIndexUrlWithCredentials', () => {
  it("gives pip back exactly the user and password, whatever characters they hold (pip's own parser decides)", () => {
    const urls = PASSWORDS.map((p) => computeIndexUrlWithCredentials('https://nexus.example.com/repository/pypi-group/simple/', `user@corp:${p}`, p));
    // pip's function that takes credentials out of an index URL, run by the python3 that runs pip.
    const script = [
      'import json, sys',
      'from pip._internal.utils.misc import split_auth_netloc_from_url',
      'print(json.dumps([list(split_auth_netloc_from_url(u)[2]) for u in json.load(sys.stdin)]))',
    ].join('\n');
    const parsed = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(urls), encoding: 'utf8' })) as Array<[string, string]>;
    expect(parsed).toEqual(PASSWORDS.map((p) => [`user@corp:${p}`, p]));
  });

  it('keeps the rest of the URL as it was', () => {
    expect(computeIndexUrlWithCredentials('https://h:8443/repository/g/simple/', 'u', 'p')).toBe('https://u:p@h:8443/repository/g/simple/');
  });
});
