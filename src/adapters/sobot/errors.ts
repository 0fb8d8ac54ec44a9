/**
 * Errors the Sobot client throws. Catch `SobotError` for any of them, or a subclass for one kind.
 * No error that leaves the client carries the token, app_key or sign: the endpoint caller and the token
 * provider scrub each one, cause chain included (`redactError`), and requests (which hold the token
 * header) are never attached.
 */

interface SobotErrorDetails {
  /** Endpoint name from the catalog (`getStat`), or `get_token`. */
  readonly endpoint: string;
  readonly retCode?: string;
  readonly retMsg?: string;
  readonly httpStatus?: number;
  readonly cause?: unknown;
}

export class SobotError extends Error {
  override name = 'SobotError';
  readonly endpoint: string;
  readonly retCode: string | undefined;
  readonly retMsg: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(message: string, details: SobotErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.endpoint = details.endpoint;
    this.retCode = details.retCode;
    this.retMsg = details.retMsg;
    this.httpStatus = details.httpStatus;
  }
}

/** 229000: too many calls; `retryAfterMs` is the server's own hint ("Try again [60]s later"). */
export class SobotRateLimitError extends SobotError {
  override name = 'SobotRateLimitError';
  readonly retryAfterMs: number;

  constructor(details: SobotErrorDetails & { readonly retryAfterMs: number; readonly attempts?: number }) {
    const tail = details.attempts ? ` after ${details.attempts} consecutive rate-limit answers` : '';
    super(`${details.endpoint}: API call too frequent (229000)${tail}`, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 222000: the API rejected the input; its own message says why. Never retried. */
export class SobotInputError extends SobotError {
  override name = 'SobotInputError';

  constructor(details: SobotErrorDetails) {
    super(`${details.endpoint}: API input error (222000): ${details.retMsg ?? ''}`.trimEnd(), details);
  }
}

/** 900001/900002, or get_token itself failing. */
export class SobotTokenError extends SobotError {
  override name = 'SobotTokenError';

  constructor(details: SobotErrorDetails, message?: string) {
    super(message ?? `${details.endpoint}: token rejected (${details.retCode ?? 'no code'})`, details);
  }
}

/**
 * get_token failed after the token provider's own retries (the cause is the last failure). Never retried
 * again by the call that needed the token: nested retries multiplied a hanging get_token into minutes.
 */
export class SobotTokenFetchError extends SobotTokenError {
  override name = 'SobotTokenFetchError';
  readonly attempts: number;

  constructor(details: { readonly attempts: number; readonly cause: unknown }) {
    const last = details.cause instanceof Error ? details.cause.message : String(details.cause);
    super(
      { endpoint: 'get_token', ...sobotDetailsOf(details.cause), cause: details.cause },
      `get_token: no token after ${details.attempts} attempt(s): ${last}`,
    );
    this.attempts = details.attempts;
  }
}

/** The retry budget (`maxElapsedMs`) ran out before the next wait; the cause is the last failure. */
export class SobotRetryBudgetError extends SobotError {
  override name = 'SobotRetryBudgetError';
  readonly attempts: number;
  readonly budgetMs: number;

  constructor(details: {
    readonly endpoint: string;
    readonly attempts: number;
    readonly budgetMs: number;
    readonly cause: unknown;
  }) {
    const last = details.cause instanceof Error ? details.cause.message : String(details.cause);
    super(
      `${details.endpoint}: retry budget of ${details.budgetMs} ms ran out after ${details.attempts} attempt(s); last failure: ${last}`,
      { ...sobotDetailsOf(details.cause), endpoint: details.endpoint, cause: details.cause },
    );
    this.attempts = details.attempts;
    this.budgetMs = details.budgetMs;
  }
}

/** The answer was larger than `maxResponseBytes`; reading stopped there. Never retried: it would be as large again. */
export class SobotResponseTooLargeError extends SobotError {
  override name = 'SobotResponseTooLargeError';
  readonly maxBytes: number;

  constructor(details: SobotErrorDetails & { readonly maxBytes: number }) {
    super(
      `${details.endpoint}: answer larger than the limit of ${details.maxBytes} bytes, not read`,
      details,
    );
    this.maxBytes = details.maxBytes;
  }
}

/** 999999 or an HTTP 5xx. */
export class SobotServerError extends SobotError {
  override name = 'SobotServerError';

  constructor(details: SobotErrorDetails) {
    const what = details.httpStatus
      ? `HTTP ${details.httpStatus}`
      : `system error (${details.retCode ?? ''})`;
    super(`${details.endpoint}: server ${what}`, details);
  }
}

export type TransportFailure = 'timeout' | 'reset' | 'network';

/** The request never got a complete answer: timed out, connection reset or refused. */
export class SobotTransportError extends SobotError {
  override name = 'SobotTransportError';
  readonly failure: TransportFailure;

  constructor(details: SobotErrorDetails & { readonly failure: TransportFailure }) {
    super(`${details.endpoint}: ${details.failure} talking to Sobot`, details);
    this.failure = details.failure;
  }
}

/** The answer was not what the reference describes; `path` names the field (`items[3].human_consult`). */
export class SobotResponseError extends SobotError {
  override name = 'SobotResponseError';
  readonly path: string;

  constructor(details: SobotErrorDetails & { readonly path: string; readonly problem: string }) {
    super(`${details.endpoint}: ${details.path}: ${details.problem}`, details);
    this.path = details.path;
  }
}

/** The body was not JSON at all, e.g. truncated; retried a couple of times as a transient fault. */
export class SobotMalformedJsonError extends SobotResponseError {
  override name = 'SobotMalformedJsonError';

  constructor(details: SobotErrorDetails) {
    super({ ...details, path: '(body)', problem: 'malformed JSON' });
  }
}

/** A ret_code or HTTP status the reference does not list. */
export class SobotUnexpectedAnswerError extends SobotError {
  override name = 'SobotUnexpectedAnswerError';

  constructor(details: SobotErrorDetails) {
    const what = details.retCode ? `ret_code ${details.retCode}` : `HTTP ${details.httpStatus ?? '?'}`;
    super(`${details.endpoint}: unexpected ${what}${details.retMsg ? `: ${details.retMsg}` : ''}`, details);
  }
}

/** The code and status of a wrapped SobotError, so a wrapper still says what failed. */
function sobotDetailsOf(error: unknown): Pick<SobotErrorDetails, 'retCode' | 'httpStatus'> {
  if (!(error instanceof SobotError)) return {};
  return {
    ...(error.retCode === undefined ? {} : { retCode: error.retCode }),
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
  };
}
