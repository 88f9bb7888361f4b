import type { SetupCfgSection } from './setup-cfg';
import type { DynamicValues } from './dynamic-metadata';

/** Which build backend's file-selection rules a native build follows. */
export type NativeBackend = 'setuptools' | 'hatchling' | 'flit' | 'pdm' | 'uv' | 'poetry';

/** One file of the wheel: where it goes in the archive and which project file it comes from. */
export interface WheelMember {
  archivePath: string;
  sourcePath: string;
}

export interface DistFileSelection {
  backend: NativeBackend;
  /** Package files in archive order (sorted by archive path). */
  wheelMembers: WheelMember[];
  /**
   * The project folders and files the wheel draws from (package folders, module files): a symlink
   * that leaves the project at or under one of them makes the build fail instead of being followed.
   */
  roots: string[];
  /** Further project files the sdist needs so the real backend rebuilds the same wheel from it. */
  sdistExtras: string[];
  /**
   * The sdist's project files exactly, when the backend decides them on its own terms (poetry-core:
   * formats, includes); undefined means pyproject.toml, readme, license files, wheel sources and sdistExtras.
   */
  sdistFiles?: string[];
  /**
   * setuptools also writes `.dist-info/top_level.txt` (the top-level import names); shipping it
   * keeps the wheel's file list identical to setuptools'. Undefined for the other backends.
   */
  topLevelNames?: string[];
  /**
   * The files for `.dist-info/licenses/` (and License-File), when the backend picks them by its own
   * rule: uv_build ships only `license-files` matches, never the PEP 639 default globs. Undefined
   * means selectLicenseFiles' rule, which the other backends share.
   */
  licenseFiles?: string[];
  /**
   * hatchling: the .gitignore it read lies above the project (a monorepo's), and the sdist still
   * ships it as `.gitignore`, as hatchling does with every VCS ignore file it reads.
   */
  sdistGitignoreFromAbove?: boolean;
  /** setuptools' package_dir after discovery (`{'': 'src'}` for the src layout); where `attr` modules are found. */
  packageDir?: Readonly<Record<string, string>>;
  /**
   * setuptools: the sections of the project's own setup.cfg (other tools' settings only), which the
   * sdist ships rewritten with the `[egg_info]` tags (setup-cfg.ts). Undefined: the project has none.
   */
  setupCfgSections?: SetupCfgSection[];
}

/**
 * The native builder can reproduce the backend, or it cannot and says why in one line (the
 * executor prints it before running the PEP 517 frontend, or fails with it under `builder: native`).
 */
export type SelectionOutcome =
  | {
      kind: 'native';
      selection: DistFileSelection;
      /** `[project].dynamic` values the backend reads without running code, read the same way. */
      dynamic?: DynamicValues;
    }
  | { kind: 'unsupported'; reason: string };

export function unsupported(reason: string): SelectionOutcome {
  return { kind: 'unsupported', reason };
}

/** Sorts members by archive path and drops duplicates (package-data may repeat a module). */
export function finishMembers(members: WheelMember[]): WheelMember[] {
  const byPath = new Map<string, WheelMember>();
  for (const m of members) if (!byPath.has(m.archivePath)) byPath.set(m.archivePath, m);
  return [...byPath.values()].sort((a, b) => (a.archivePath < b.archivePath ? -1 : a.archivePath > b.archivePath ? 1 : 0));
}

/** Reads `tool.<path>` as a plain table, or undefined. */
export function readToolTable(tool: Record<string, unknown>, ...path: string[]): Record<string, unknown> | undefined {
  let node: unknown = tool;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Test folders travel in the sdist (so `pytest` works from it) but never in the wheel. */
export function selectTestFiles(tree: { filesUnder(dir: string): string[] }): string[] {
  return ['tests', 'test'].flatMap((dir) => tree.filesUnder(dir));
}
