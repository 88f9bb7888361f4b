/**
 * Finds one member of a .tar.gz by streaming through it (walk-tar-gz), keeping only that member's
 * data and stopping as soon as it is read. Memory stays flat in the archive's size.
 */
import { corruptTarGz, walkTarGz } from './walk-tar-gz';

/** Streams `path` and returns the first regular file whose path `wanted` accepts. */
export async function readTarGzEntry(
  path: string,
  wanted: (memberPath: string) => boolean,
  maxSize: number,
): Promise<{ path: string; data: Buffer } | undefined> {
  let found: { path: string; data: Buffer } | undefined;
  await walkTarGz(path, (member) => {
    if (member.type !== 'file' || !wanted(member.path)) return undefined;
    if (member.size > maxSize) throw corruptTarGz(path, `${member.path} is ${member.size} bytes, more than the ${maxSize} allowed`);
    const parts: Buffer[] = [];
    return {
      data: (chunk) => void parts.push(chunk),
      end: () => {
        found = { path: member.path, data: Buffer.concat(parts) };
        return true;
      },
    };
  });
  return found;
}
