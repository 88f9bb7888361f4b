/**
 * Deployment policy of a hosted repository and the refusal texts of Nexus's two storage back ends
 * (NEXUS-PYPI.md 1.5): OrientDB (before 3.70) and the SQL "datastore" (H2/PostgreSQL, 3.70+).
 */

/** "Allow redeploy" (ALLOW), "Disable redeploy" (ALLOW_ONCE, Nexus's default) and "Read-only" (DENY). */
export type WritePolicy = 'allow' | 'allow-once' | 'deny';

/** Which Nexus back end's wording to use for refusals. */
export type StorageFlavour = 'sql' | 'orient';

export const WRITE_POLICIES: readonly WritePolicy[] = ['allow-once', 'allow', 'deny'];
export const STORAGE_FLAVOURS: readonly StorageFlavour[] = ['sql', 'orient'];

/** Outcome of checking a write against the policy. */
export type WriteDecision = { allowed: true; overwrite: boolean } | { allowed: false; message: string };

/**
 * Decides whether an asset may be written.
 * @param assetPath the asset path inside the repository, starting with `/packages/`
 * @param exists whether an asset already exists at that path (identical bytes still count: Nexus
 *   checks the policy before any de-duplication)
 */
export function decideWrite(policy: WritePolicy, flavour: StorageFlavour, repository: string, assetPath: string, exists: boolean): WriteDecision {
  if (policy === 'deny') {
    // ContentFacetSupport.checkAttachAllowed: repository name + asset path + reason, no separator.
    const message = flavour === 'orient' ? `Repository is read only: ${repository}` : `${repository}${assetPath} is read-only`;
    return { allowed: false, message };
  }
  if (!exists) return { allowed: true, overwrite: false };
  if (policy === 'allow') return { allowed: true, overwrite: true };
  const message = flavour === 'orient' ? `Repository does not allow updating assets: ${repository}` : `${repository}${assetPath} cannot be updated`;
  return { allowed: false, message };
}
