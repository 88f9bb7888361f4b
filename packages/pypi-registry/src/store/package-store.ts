/**
 * Files and their metadata for hosted repositories, on disk under `<data>/repositories/<repo>/`:
 * `packages/<n>/<v>/<file>` holds the bytes, `assets/<n>/<v>/<file>.json` the metadata (hashes,
 * size, form attributes). Everything is written temp + rename, and the in-memory index that reads
 * use is updated only after both files are in place, so a reader never sees half an upload and a
 * restart finds exactly what was accepted.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { WriteDecision } from '../core/write-policy';
import { measureNameLimit } from './name-limit';
import { checkSegmentLengths, encodeSegment, METADATA_SUFFIX, type AssetNames } from './segment-names';

/** Metadata of one stored file. */
export interface StoredAsset {
  repository: string;
  /** Nexus asset path: `/packages/<normalized name>/<version as sent>/<filename as sent>`. */
  path: string;
  name: string;
  version: string;
  filename: string;
  size: number;
  sha256: string;
  md5: string;
  sha1: string;
  /** Blank values are not stored, as in Nexus. */
  requiresPython?: string;
  uploadedAt: string;
  uploader: string;
  /** All text fields of the upload form (repeated fields joined with "\n"). */
  attributes: Record<string, string>;
}

export type PutResult = { stored: true; asset: StoredAsset } | { stored: false; message: string };

export class PackageStore {
  /** repository -> normalized name -> path -> asset */
  private readonly index = new Map<string, Map<string, Map<string, StoredAsset>>>();
  private readonly locks = new Map<string, Promise<void>>();
  /** Bytes per file or directory name the data directory takes; measured in open(). */
  private nameLimit = 0;

  private constructor(private readonly dataDir: string) {}

  /** Opens (creating) the store and loads every hosted repository's metadata. */
  static async open(dataDir: string, hostedRepositories: readonly string[]): Promise<{ store: PackageStore; warnings: string[] }> {
    const store = new PackageStore(dataDir);
    // Left-over temp files are uploads that never completed; nothing refers to them.
    await rm(store.tempDir, { recursive: true, force: true });
    await mkdir(store.tempDir, { recursive: true });
    store.nameLimit = await measureNameLimit(store.tempDir);
    const warnings: string[] = [];
    for (const repository of hostedRepositories) {
      store.index.set(repository, new Map());
      warnings.push(...(await store.load(repository)));
    }
    return { store, warnings };
  }

  /** Where uploads are streamed before they are accepted; same file system as the store, so rename is atomic. */
  newTempPath(): string {
    return join(this.tempDir, `upload-${randomUUID()}`);
  }

  /** Why an asset with these names cannot be stored in this data directory, or undefined. */
  checkNames(names: AssetNames): string | undefined {
    return checkSegmentLengths(names, this.nameLimit);
  }

  /** The asset at a path, if any. */
  get(repository: string, name: string, path: string): StoredAsset | undefined {
    return this.index.get(repository)?.get(name)?.get(path);
  }

  /** Normalized project names with at least one file, sorted. */
  projectNames(repository: string): string[] {
    return [...(this.index.get(repository)?.keys() ?? [])].sort();
  }

  /** The files of a project, sorted by filename. */
  assetsOf(repository: string, name: string): StoredAsset[] {
    const assets = [...(this.index.get(repository)?.get(name)?.values() ?? [])];
    return assets.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  }

  /** The file holding an asset's bytes. */
  blobPath(asset: StoredAsset): string {
    return join(this.repositoryDir(asset.repository), 'packages', ...segments(asset));
  }

  /**
   * Moves an uploaded temp file into place if `decide` allows it. Writes to one path are
   * serialized, and `decide` sees whether the path exists at the moment of the write, so of two
   * concurrent uploads of the same file under allow-once exactly one is stored.
   */
  async put(asset: StoredAsset, tempFile: string, decide: (exists: boolean) => WriteDecision): Promise<PutResult> {
    return this.withLock(`${asset.repository}\0${asset.path}`, async () => {
      const decision = decide(this.get(asset.repository, asset.name, asset.path) !== undefined);
      if (!decision.allowed) {
        await rm(tempFile, { force: true });
        return { stored: false, message: decision.message };
      }
      const blob = this.blobPath(asset);
      const meta = this.metaPath(asset);
      await mkdir(join(blob, '..'), { recursive: true });
      await mkdir(join(meta, '..'), { recursive: true });
      await rename(tempFile, blob);
      // In the temp directory, not next to `meta`: a suffix there would cost the filename bytes.
      const metaTemp = join(this.tempDir, `meta-${randomUUID()}.tmp`);
      await writeFile(metaTemp, `${JSON.stringify(asset, null, 2)}\n`);
      await rename(metaTemp, meta);
      let projects = this.index.get(asset.repository);
      if (!projects) this.index.set(asset.repository, (projects = new Map()));
      let files = projects.get(asset.name);
      if (!files) projects.set(asset.name, (files = new Map()));
      files.set(asset.path, asset);
      return { stored: true, asset };
    });
  }

  private get tempDir(): string {
    return join(this.dataDir, 'tmp');
  }

  private repositoryDir(repository: string): string {
    return join(this.dataDir, 'repositories', encodeSegment(repository));
  }

  private metaPath(asset: StoredAsset): string {
    const parts = segments(asset);
    parts[parts.length - 1] = `${parts[parts.length - 1]}${METADATA_SUFFIX}`;
    return join(this.repositoryDir(asset.repository), 'assets', ...parts);
  }

  /** Reads `assets/<n>/<v>/<file>.json`; an entry whose bytes are missing or of another size is skipped. */
  private async load(repository: string): Promise<string[]> {
    const warnings: string[] = [];
    const root = join(this.repositoryDir(repository), 'assets');
    for (const name of await listDir(root)) {
      for (const version of await listDir(join(root, name))) {
        for (const file of await listDir(join(root, name, version))) {
          if (!file.endsWith('.json')) continue;
          const metaFile = join(root, name, version, file);
          try {
            const asset = JSON.parse(await readFile(metaFile, 'utf8')) as StoredAsset;
            const size = (await stat(this.blobPath(asset))).size;
            if (size !== asset.size) throw new Error(`stored file has ${size} bytes, metadata says ${asset.size}`);
            let projects = this.index.get(repository)!;
            let files = projects.get(asset.name);
            if (!files) projects.set(asset.name, (files = new Map()));
            files.set(asset.path, asset);
          } catch (error) {
            warnings.push(`skipped ${metaFile}: ${(error as Error).message}`);
          }
        }
      }
    }
    return warnings;
  }

  private async withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const mine = previous.then(() => gate);
    this.locks.set(key, mine);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.locks.get(key) === mine) this.locks.delete(key);
    }
  }
}

function segments(asset: StoredAsset): string[] {
  return [asset.name, asset.version, asset.filename].map(encodeSegment);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
