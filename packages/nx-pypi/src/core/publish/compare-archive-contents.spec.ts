import { createHash } from 'node:crypto';
import {
  compareArchiveContents,
  describeDifference,
  type ArchiveMember,
  type ContentComparison,
  type SdistListing,
  type WheelListing,
} from './compare-archive-contents';
import { parseWheelRecord } from './parse-wheel-record';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const recordHash = (text: string) => `sha256=${createHash('sha256').update(text).digest('base64url')}`;

const file = (path: string, content: string, mode?: number): ArchiveMember => ({
  path,
  type: 'file',
  size: Buffer.byteLength(content),
  digests: { sha256: sha256(content) },
  ...(mode === undefined ? {} : { mode }),
});

const DIST_INFO = 'token_lib-1.0.dist-info';
const FILES: Record<string, string> = {
  'token_lib/__init__.py': 'from .core import x\n',
  'token_lib/core.py': 'x = 1\n',
  [`${DIST_INFO}/METADATA`]: 'Metadata-Version: 2.1\nName: token-lib\nVersion: 1.0\n',
  [`${DIST_INFO}/WHEEL`]: 'Wheel-Version: 1.0\n',
};

/** A wheel listing whose RECORD is honest unless `record` says otherwise. */
function wheel(files: Record<string, string>, record?: string, extra: ArchiveMember[] = []): WheelListing {
  const text =
    record ??
    [...Object.entries(files).map(([path, content]) => `${path},${recordHash(content)},${Buffer.byteLength(content)}`), `${DIST_INFO}/RECORD,,`, ''].join('\n');
  return {
    format: 'wheel',
    members: [...Object.entries(files).map(([path, content]) => file(path, content)), file(`${DIST_INFO}/RECORD`, text), ...extra],
    record: { path: `${DIST_INFO}/RECORD`, parsed: parseWheelRecord(text) },
  };
}

const described = (comparison: ContentComparison) => (comparison.same ? 'same' : describeDifference(comparison.difference));

describe('comparing a wheel with the published one', () => {
  it('is the same when every member and RECORD agree, whatever the member order and RECORD row order', () => {
    const reversed = Object.fromEntries(Object.entries(FILES).reverse());
    expect(described(compareArchiveContents(wheel(FILES), wheel(reversed)))).toBe('same');
  });

  it('names a changed module', () => {
    expect(described(compareArchiveContents(wheel({ ...FILES, 'token_lib/core.py': 'x = 2\n' }), wheel(FILES)))).toBe('token_lib/core.py: sha256 differs');
    expect(described(compareArchiveContents(wheel({ ...FILES, 'token_lib/core.py': 'x = 22\n' }), wheel(FILES)))).toBe(
      'token_lib/core.py: sha256 differs (7 bytes in this build, 6 in the published file)',
    );
  });

  it('names a member only one side has, the first in path order', () => {
    const more = { ...FILES, 'token_lib/zz.py': '', 'token_lib/aa.py': '' };
    expect(described(compareArchiveContents(wheel(more), wheel(FILES)))).toBe('token_lib/aa.py: only in this build');
    expect(described(compareArchiveContents(wheel(FILES), wheel(more)))).toBe('token_lib/aa.py: only in the published file');
  });

  it('is a difference when the published RECORD lies about a member, though both wheels hold the same bytes', () => {
    const lying = Object.entries(FILES)
      .map(([path, content]) => `${path},${path.endsWith('core.py') ? recordHash('x = 2\n') : recordHash(content)},${Buffer.byteLength(content)}`)
      .concat(`${DIST_INFO}/RECORD,,`)
      .join('\n');
    expect(described(compareArchiveContents(wheel(FILES), wheel(FILES, lying)))).toBe(
      'token_lib/core.py: its content does not match the published RECORD (sha256, line 2)',
    );
  });

  it("is a difference when this build's RECORD gives a wrong size, leaves a member out, or names a member the wheel lacks", () => {
    const rows = (edit: (lines: string[]) => string[]) =>
      edit(Object.entries(FILES).map(([path, content]) => `${path},${recordHash(content)},${Buffer.byteLength(content)}`))
        .concat(`${DIST_INFO}/RECORD,,`)
        .join('\n');
    const wrongSize = rows((lines) => lines.map((l) => (l.startsWith('token_lib/core.py') ? l.replace(/,6$/, ',7') : l)));
    expect(described(compareArchiveContents(wheel(FILES, wrongSize), wheel(FILES)))).toBe(
      "token_lib/core.py: its size (6 bytes) does not match this build's RECORD (7, line 2)",
    );
    const leftOut = rows((lines) => lines.filter((l) => !l.startsWith('token_lib/__init__.py')));
    expect(described(compareArchiveContents(wheel(FILES, leftOut), wheel(FILES)))).toBe("token_lib/__init__.py: not listed in this build's RECORD");
    const ghost = rows((lines) => [...lines, `token_lib/ghost.py,${recordHash('')},0`]);
    expect(described(compareArchiveContents(wheel(FILES, ghost), wheel(FILES)))).toBe(
      "token_lib/ghost.py: listed in this build's RECORD (line 5), but not in this build",
    );
    const noHash = rows((lines) => lines.map((l) => (l.startsWith('token_lib/core.py') ? 'token_lib/core.py,,6' : l)));
    expect(described(compareArchiveContents(wheel(FILES), wheel(FILES, noHash)))).toBe('token_lib/core.py: the published RECORD gives no hash for it (line 2)');
  });

  it('checks RECORD rows in another algorithm against that digest of the member, and says when it cannot compute one', () => {
    const sha512 = (text: string) => `sha512=${createHash('sha512').update(text).digest('base64url')}`;
    const text = [...Object.entries(FILES).map(([path, content]) => `${path},${sha512(content)},${Buffer.byteLength(content)}`), `${DIST_INFO}/RECORD,,`].join(
      '\n',
    );
    const strong = wheel(FILES, text);
    const withSha512 = {
      ...strong,
      members: strong.members.map((m) => ({
        ...m,
        digests: {
          ...m.digests,
          sha512: createHash('sha512')
            .update(FILES[m.path] ?? text)
            .digest('hex'),
        },
      })),
    };
    expect(described(compareArchiveContents(wheel(FILES), withSha512))).toBe('same');
    expect(described(compareArchiveContents(wheel(FILES), strong))).toBe(
      'token_lib-1.0.dist-info/METADATA: the published RECORD hashes it with sha512, which this client cannot compute',
    );
  });

  it('is a difference when a wheel has no RECORD, or an unreadable one', () => {
    const { record: _record, ...withoutRecord } = wheel(FILES);
    expect(described(compareArchiveContents(wheel(FILES), withoutRecord))).toBe(`${DIST_INFO}/RECORD: missing from the published file`);
    const broken = wheel(FILES, 'token_lib/core.py,sha256=x\n');
    expect(described(compareArchiveContents(broken, wheel(FILES)))).toBe(
      `${DIST_INFO}/RECORD: line 1 of this build's RECORD is malformed: 2 fields, not 3 (path, hash, size)`,
    );
  });

  it('compares the executable bit of wheel members, which installers keep, and no other mode bits', () => {
    const modes = (mode: number): WheelListing => {
      const listing = wheel(FILES);
      return { ...listing, members: listing.members.map((m) => ({ ...m, mode: m.path === 'token_lib/core.py' ? mode : 0o644 })) };
    };
    expect(described(compareArchiveContents(modes(0o600), modes(0o644)))).toBe('same');
    expect(described(compareArchiveContents(modes(0o755), modes(0o644)))).toBe(
      'token_lib/core.py: executable bit differs (set in this build, not set in the published file)',
    );
  });

  it('names a member that appears twice in one wheel', () => {
    const listing = wheel(FILES);
    const twice = { ...listing, members: [...listing.members, file('token_lib/core.py', 'x = 1\n')] };
    expect(described(compareArchiveContents(wheel(FILES), twice))).toBe('token_lib/core.py: appears twice in the published file');
  });
});

describe('comparing an sdist with the published one', () => {
  const sdist = (members: ArchiveMember[]): SdistListing => ({ format: 'sdist', members });
  const base = (): ArchiveMember[] => [
    { path: 'token_lib-1.0', type: 'directory', size: 0, digests: { sha256: sha256('') }, mode: 0o755 },
    file('token_lib-1.0/PKG-INFO', 'Name: token-lib\n', 0o644),
    file('token_lib-1.0/run.sh', '#!/bin/sh\n', 0o755),
  ];

  it('is the same with the same members, bytes, modes and types, in any order', () => {
    expect(described(compareArchiveContents(sdist(base()), sdist(base().reverse())))).toBe('same');
  });

  it('names a member whose mode changed', () => {
    const changed = base().map((m) => (m.path.endsWith('run.sh') ? { ...m, mode: 0o644 } : m));
    expect(described(compareArchiveContents(sdist(changed), sdist(base())))).toBe(
      'token_lib-1.0/run.sh: mode differs (0644 in this build, 0755 in the published file)',
    );
  });

  it('names a member whose type or link target changed', () => {
    const asLink = base().map((m) =>
      m.path.endsWith('run.sh') ? { ...m, type: 'symlink' as const, size: 0, digests: { sha256: sha256('') }, linkTarget: 'x' } : m,
    );
    expect(described(compareArchiveContents(sdist(base()), sdist(asLink)))).toBe(
      'token_lib-1.0/run.sh: type differs (file in this build, symlink in the published file)',
    );
    const otherTarget = asLink.map((m) => (m.linkTarget ? { ...m, linkTarget: 'y' } : m));
    expect(described(compareArchiveContents(sdist(asLink), sdist(otherTarget)))).toBe(
      'token_lib-1.0/run.sh: link target differs (x in this build, y in the published file)',
    );
  });

  it('reports the first difference in path order, whatever order the archives hold them in', () => {
    const changed = base().map((m) => (m.type === 'file' ? { ...m, digests: { sha256: sha256('other') } } : m));
    expect(described(compareArchiveContents(sdist(changed.reverse()), sdist(base())))).toBe('token_lib-1.0/PKG-INFO: sha256 differs');
  });
});
