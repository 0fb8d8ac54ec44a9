/**
 * Attempts per AWS call, the first included (the SDK's default is 3). With the SDK's backoff (full
 * jitter, 50 ms base, 1 s for throttling) the retries of one call wait about 7 s at most.
 */
export const AWS_MAX_ATTEMPTS = 4;

/**
 * The retries of every AWS client (S3, SES, SSM, Lambda): the SDK's own standard mode. It retries
 * throttling (429, `SlowDown`, `TooManyRequestsException`, `LimitExceededException`…), 500/502/503/504,
 * timeouts and dropped connections, with exponential backoff and a per-client retry quota, and it
 * retries nothing else: a conditional write's 412, a 404, a 403 or a rejected message fail at once.
 * Stated here rather than left to the default so `AWS_RETRY_MODE` in an environment cannot change it.
 */
export const AWS_RETRY = { retryMode: 'standard', maxAttempts: AWS_MAX_ATTEMPTS } as const;
