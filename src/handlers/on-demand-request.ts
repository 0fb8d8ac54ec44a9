import { type ParsedRunRequest, parseRunRequest } from '../core/report/run-request.ts';

export type { FieldProblem } from '../core/report/run-request.ts';
export type ParsedOnDemandRequest = ParsedRunRequest;

/**
 * The on-demand payload is the run request itself, `{ reportId, date? | (from?, to?), recipients?,
 * dryRun?, force? }`, checked by the core's one request schema; unknown fields are typos, so rejected.
 * Problems name the payload's own fields (`date`, `recipients[1]`).
 */
export function parseOnDemandRequest(payload: unknown): ParsedOnDemandRequest {
  return parseRunRequest(payload);
}
