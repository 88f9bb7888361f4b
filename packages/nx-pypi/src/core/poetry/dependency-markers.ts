/**
 * The marker of a Poetry dependency entry: `markers`, then `python` (as a `python_version`
 * marker), then `platform` (`sys_platform`), joined with `and` as poetry-core intersects them
 * (python first when `markers` is one comparison and python two bounds, as 2.x orders them).
 */
import type { KeyPath } from '../pyproject/key-path';
import { parsePoetryConstraint, translatePoetryConstraint } from './constraint';
import type { Report } from './dependency';
import { normalizeMarker } from './marker';
import { renderPythonMarker } from './python-constraint';

const MARKER_HINT = 'write a PEP 508 marker such as sys_platform == "win32" (https://peps.python.org/pep-0508/#environment-markers)';

/** The combined marker (`''` for none), or undefined after reporting a problem. */
export function combineMarkers(
  name: string,
  fields: { markers?: string; python?: string; platform?: string },
  at: (key: string) => KeyPath,
  problem: Report,
): string | undefined {
  const parts: Array<{ text: string; hasOr: boolean }> = [];
  let ok = true;
  if (fields.markers) {
    const m = normalizeMarker(fields.markers);
    if (m.ok) parts.push({ text: m.marker, hasOr: m.hasOr });
    else {
      ok = false;
      problem('POETRY_INVALID_MARKER', `markers of dependency "${name}": ${m.message}`, MARKER_HINT, at('markers'));
    }
  }
  if (fields.python) {
    const t = parsePoetryConstraint(fields.python, { marker: true }); // poetry-core reads `python` as a marker constraint
    if (t.ok) {
      const m = renderPythonMarker(t.set);
      if (m) parts.push({ text: m, hasOr: t.set.length > 1 });
    } else {
      ok = false;
      problem('POETRY_INVALID_CONSTRAINT', `python of dependency "${name}": ${t.message}`, t.hint, at('python'));
    }
  }
  if (fields.platform) {
    const alternatives = fields.platform.split(/\s*\|\|?\s*/).map((p) => `sys_platform == "${p}"`);
    parts.push({ text: alternatives.join(' or '), hasOr: alternatives.length > 1 });
  }
  if (!ok) return undefined;
  // poetry-core 2.x intersects a single marker with a python range of two bounds the other way round
  // (`SingleMarker.intersect` hands over to the `MultiMarker`): the python bounds come first then.
  const [first, second] = parts;
  if (fields.markers && second && !first.hasOr && !/ (and|or) /.test(first.text) && !second.hasOr && / and /.test(second.text) && fields.python)
    [parts[0], parts[1]] = [second, first];
  if (parts.length === 1) return parts[0].text;
  return parts.map((p) => (p.hasOr ? `(${p.text})` : p.text)).join(' and ');
}
