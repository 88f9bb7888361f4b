/**
 * `nx release version` for a project whose version is `[project].dynamic` but static text in a
 * file: the new version goes exactly where the backend reads it (dynamic-metadata.ts says where),
 * changing nothing else in the file: quotes, spacing, comments, a leading `v`, line endings.
 */
import type { VersionLocation } from '../dist/dynamic-metadata';
import { scanModuleTopLevel } from '../python/module-scan';

/**
 * The file's new text, or undefined when the version cannot be rewritten in place: it is no
 * longer there, or written in a form the edit does not take apart (`("1.0")`, `"1." "0"`). The
 * result is read back the way the backend reads it, so a half-edited version never comes out.
 */
export function computeDynamicVersionEdit(text: string, at: VersionLocation, newVersion: string): string | undefined {
  const edited = editInPlace(text, at, newVersion);
  return edited !== undefined && readVersionAt(edited, at) === newVersion ? edited : undefined;
}

/** The version as the backend reads it at `at`. */
function readVersionAt(text: string, at: VersionLocation): string | undefined {
  switch (at.kind) {
    case 'assignment': {
      const value = scanModuleTopLevel(text.replace(/\r\n?/g, '\n'))?.assignments.find((a) => a.targets.includes(at.name))?.value;
      return value?.kind === 'str' ? value.value : undefined;
    }
    case 'whole-file':
      return text.trim();
    case 'pattern': {
      const m = at.pattern.exec(text.replace(/\r\n?/g, '\n'));
      return typeof at.group === 'number' ? m?.[at.group] : m?.groups?.[at.group];
    }
  }
}

function editInPlace(text: string, at: VersionLocation, newVersion: string): string | undefined {
  switch (at.kind) {
    case 'assignment': {
      // The first module-level `NAME = "..."` (optionally annotated): the one backends read.
      const name = at.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const re = new RegExp(`^(${name}[ \\t]*(?::[^=\\r\\n]*)?=[ \\t]*(?:[rRuU])?)(["'])([^"'\\\\\\r\\n]*)\\2`, 'm');
      const m = re.exec(text);
      if (!m) return undefined;
      const start = (m.index as number) + m[1].length + 1;
      return text.slice(0, start) + newVersion + text.slice(start + m[3].length);
    }
    case 'whole-file': {
      const m = /^(\s*)(\S(?:[\s\S]*\S)?)(\s*)$/.exec(text);
      return m ? `${m[1]}${newVersion}${m[3]}` : undefined;
    }
    case 'pattern': {
      // hatchling's VersionFile.set_version: replace the span of the `version` group. Matched on
      // universal newlines as read; the offsets map back because only \r characters differ.
      const normalized = text.replace(/\r\n?/g, '\n');
      const m = new RegExp(at.pattern.source, `${at.pattern.flags.replace('g', '')}d`).exec(normalized);
      const span = m?.indices && (typeof at.group === 'number' ? m.indices[at.group] : m.indices.groups?.[at.group]);
      if (!span) return undefined;
      const [start, end] = [toOriginalOffset(text, span[0]), toOriginalOffset(text, span[1])];
      return text.slice(0, start) + newVersion + text.slice(end);
    }
  }
}

/** The offset in `text` of offset `n` in its universal-newline form. */
function toOriginalOffset(text: string, n: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (seen === n) return i;
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    seen++;
  }
  return text.length;
}
