/**
 * PEP 440 normalized form of a version string ("1.0-ALPHA.1" -> "1.0a1"), which is what build
 * backends put in distribution filenames. Used by `--strict` to compare a filename's version with
 * the form's `version` field, which clients copy from METADATA and which may be unnormalized.
 * Regular expression from PEP 440, Appendix B.
 */
const PEP440 = new RegExp(
  '^\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?' +
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?' +
    '(?<dev>[-_.]?dev[-_.]?(?<devN>[0-9]+)?)?)' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'i',
);

const PRE_LABELS: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', c: 'rc', pre: 'rc', preview: 'rc', rc: 'rc' };

/** The normalized version, or undefined when `version` is not PEP 440. */
export function normalizeVersion(version: string): string | undefined {
  const groups = PEP440.exec(version)?.groups;
  if (!groups) return undefined;
  const number = (text: string | undefined): string => String(Number(text ?? '0'));
  let result = groups['epoch'] && Number(groups['epoch']) !== 0 ? `${number(groups['epoch'])}!` : '';
  result += groups['release']!.split('.').map(number).join('.');
  if (groups['pre']) result += `${PRE_LABELS[groups['preL']!.toLowerCase()]}${number(groups['preN'])}`;
  if (groups['post']) result += `.post${number(groups['postN1'] ?? groups['postN2'])}`;
  if (groups['dev']) result += `.dev${number(groups['devN'])}`;
  if (groups['local']) result += `+${groups['local'].toLowerCase().replace(/[-_]/g, '.')}`;
  return result;
}

/** True when two version strings name the same normalized version (verbatim, case-insensitively, if either is not PEP 440). */
export function sameVersion(a: string, b: string): boolean {
  const left = normalizeVersion(a);
  const right = normalizeVersion(b);
  return left !== undefined && right !== undefined ? left === right : a.toLowerCase() === b.toLowerCase();
}
