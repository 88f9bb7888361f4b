/**
 * When to try a request again, and after how long: capped exponential backoff with full jitter
 * (delay = random(0, min(maxDelayMs, baseDelayMs * 2^(n-1)))), or the server's Retry-After.
 */

export interface RetryPolicy {
  /** Attempts in total, the first one included. 1 = never retry. */
  maxAttempts: number;
  /** Backoff cap of the first retry. */
  baseDelayMs: number;
  /** Largest wait between attempts; a Retry-After longer than this ends the retries. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** The decision after failed attempt number `attempt` (1-based). */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; why: string; stoppedBy: 'attempts' | 'retry-after' };

/**
 * `random` is in [0, 1) (Math.random, or a fixed value in tests). `retryAfterMs` is the server's
 * Retry-After when it sent one: honoured as given, not jittered.
 */
export function computeRetryDecision(attempt: number, policy: RetryPolicy, random: number, retryAfterMs?: number): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false, why: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`, stoppedBy: 'attempts' };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxDelayMs) {
      return {
        retry: false,
        why: `the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s, more than maxDelayMs (${policy.maxDelayMs} ms)`,
        stoppedBy: 'retry-after',
      };
    }
    return { retry: true, delayMs: retryAfterMs };
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.floor(random * cap) };
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Statuses worth another attempt: 408, 429, and 5xx except 501 (Not Implemented never changes). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}
