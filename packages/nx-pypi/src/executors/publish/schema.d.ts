import type { RepositoryConfig } from '../../core/config/nx-pypi-options';

export interface PublishExecutorSchema extends RepositoryConfig {
  /** A repository name from nx-pypi.json. */
  repository?: string;
  /** Check the index and report what would be uploaded, but upload nothing (also NX_DRY_RUN=true). */
  dryRun?: boolean;
  /** A .pypirc to read credentials from (default ~/.pypirc). */
  pypirc?: string;
  /** How long to wait for workspace dependencies to show on the group index, in seconds. 0 skips the wait. */
  groupWaitTimeout?: number;
  /**
   * Upload only once the group lists every workspace dependency, also those this run published
   * (each link of a chain then waits out the group's lag). Default false: those are waited for
   * after this project's upload.
   */
  waitForGroupBeforeUpload?: boolean;
  /** How often to poll the group index while waiting, in milliseconds. */
  groupPollInterval?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Passed by `nx release publish` on a project's first release; nx-pypi needs no special case for it. */
  firstRelease?: boolean;
  /** `nx release publish --registry`: the upload URL. */
  registry?: string;
  /** Set by `nx release`: project name -> the version its version step decided (null: not released). */
  nxReleaseVersionData?: Record<string, { newVersion: string | null; currentVersion?: string }>;
}
