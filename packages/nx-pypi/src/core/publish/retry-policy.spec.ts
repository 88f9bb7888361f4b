import { computeRetryDecision, isRetryableStatus, parseRetryAfter } from './retry-policy';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('computeRetryDecision', () => {
  it.each([
    // attempt, random, delay: cap is min(1000, 100 * 2^(attempt-1)), delay = floor(random * cap)
    [1, 0.999, 99],
    [2, 0.5, 100],
    [3, 0.5, 200],
    [4, 0.999, 799],
    [4, 0, 0],
  ])('after attempt %i with random %f waits %i ms', (attempt, random, delayMs) => {
    expect(computeRetryDecision(attempt, policy, random)).toEqual({ retry: true, delayMs });
  });

  it('caps the backoff at maxDelayMs', () => {
    expect(computeRetryDecision(4, { ...policy, maxAttempts: 20, maxDelayMs: 300 }, 0.999)).toEqual({ retry: true, delayMs: 299 });
  });

  it('stops after maxAttempts', () => {
    expect(computeRetryDecision(5, policy, 0.5)).toEqual({ retry: false, why: 'gave up after 5 attempts', stoppedBy: 'attempts' });
    expect(computeRetryDecision(1, { ...policy, maxAttempts: 1 }, 0.5)).toEqual({ retry: false, why: 'gave up after 1 attempt', stoppedBy: 'attempts' });
  });

  it('honours Retry-After without jitter, and gives up when it exceeds maxDelayMs', () => {
    expect(computeRetryDecision(1, policy, 0.1, 700)).toEqual({ retry: true, delayMs: 700 });
    expect(computeRetryDecision(1, policy, 0.1, 5000)).toEqual({
      retry: false,
      why: 'the server asked to wait 5 s, more than maxDelayMs (1000 ms)',
      stoppedBy: 'retry-after',
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 25 Nov 2026 10:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 09:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [413, false],
  ])('%i -> %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});
