import { RATE_WINDOW_MS, RET_CODE } from '../../core/sobot/endpoints.ts';
import {
  type SobotError,
  SobotInputError,
  SobotRateLimitError,
  SobotServerError,
  SobotTokenError,
  SobotUnexpectedAnswerError,
} from './errors.ts';

const TRY_AGAIN = /try again \[(\d+(?:\.\d+)?)\]\s*s/i;

/** "API call too frequent. Try again [60]s later. …" → 60 000 ms; the window length when the hint is missing. */
function retryAfterMs(retMsg: string): number {
  const seconds = TRY_AGAIN.exec(retMsg)?.[1];
  return seconds === undefined ? RATE_WINDOW_MS : Number(seconds) * 1000;
}

/** The typed error for a non-success ret_code (reference, "Uniform Status Code Description"). */
export function errorForRetCode(endpoint: string, retCode: string, retMsg: string): SobotError {
  const details = { endpoint, retCode, retMsg };
  switch (retCode) {
    case RET_CODE.tooFrequent:
      return new SobotRateLimitError({ ...details, retryAfterMs: retryAfterMs(retMsg) });
    case RET_CODE.inputError:
      return new SobotInputError(details);
    case RET_CODE.tokenMissing:
    case RET_CODE.tokenInvalid:
      return new SobotTokenError(details);
    case RET_CODE.internal:
      return new SobotServerError(details);
    default:
      return new SobotUnexpectedAnswerError(details);
  }
}
