/**
 * Runs an idempotent operation (an index read) again after transient failures: connection
 * trouble, 429 and 5xx. Certificate errors and other answers end it at once.
 */
import { IndexReadError, TransportError } from '../../core/publish/errors';
import { computeRetryDecision, type RetryPolicy } from '../../core/publish/retry-policy';
import type { Clock } from './clock';

export interface RetryContext {
  policy: RetryPolicy;
  clock: Clock;
  signal?: AbortSignal;
  /** Told before each wait; `reason` is safe to print. */
  onRetry?(attempt: number, delayMs: number, reason: string): void;
}

export async function retryTransient<T>(operation: () => Promise<T>, context: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const transient = (error instanceof TransportError && error.kind === 'retryable') || (error instanceof IndexReadError && error.retryable);
      if (!transient) throw error;
      const retryAfter = error instanceof IndexReadError ? error.retryAfterMs : undefined;
      const decision = computeRetryDecision(attempt, context.policy, context.clock.random(), retryAfter);
      if (!decision.retry) {
        if (decision.stoppedBy === 'retry-after' && error instanceof IndexReadError) {
          throw new IndexReadError(`${error.message}; ${decision.why}`, error.url, {
            code: error.code,
            hint: 'the repository or a proxy in front of it limits the request rate: try again later, or raise retry.maxDelayMs in the publish target options to wait as long as the server asks',
            cause: error,
          });
        }
        throw error;
      }
      context.onRetry?.(attempt, decision.delayMs, error.message);
      await context.clock.sleep(decision.delayMs, context.signal);
    }
  }
}
