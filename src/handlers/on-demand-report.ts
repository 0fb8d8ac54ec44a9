import type { Logger } from '@aws-lambda-powertools/logger';
import { RunInputError } from '../core/report/run-errors.ts';
import { type OnDemandResponse, resolveRunRequest } from '../core/report/run-request.ts';
import type { RunResult } from '../core/report/run-types.ts';
import { wiredOnFirstEvent } from './cold-start.ts';
import type { RemainingTime } from './deadline.ts';
import { type FieldProblem, parseOnDemandRequest } from './on-demand-request.ts';
import { invokeReport, type ReportHandlerDependencies } from './report-invocation.ts';

function succeeded(result: RunResult): OnDemandResponse {
  const { runKey, period, archive, messages, apiCalls, dryRun, location, skipped } = result;
  return {
    ok: true,
    runKey,
    period,
    archive,
    messages,
    apiCalls,
    dryRun,
    location,
    ...(skipped ? { skipped } : {}),
  };
}

/**
 * Invoked directly (`aws lambda invoke`, a console test event). Answers what went wrong as data, naming
 * each bad field; the stack trace goes to the log, never to the caller. Bad input is the caller's to fix:
 * it is logged as a warning, with its fields and no stack, and nothing runs.
 */
export function createOnDemandReportHandler(deps: ReportHandlerDependencies) {
  return async function handleOnDemandReport(
    payload: unknown,
    context: RemainingTime,
  ): Promise<OnDemandResponse> {
    const parsed = parseOnDemandRequest(payload);
    if (!parsed.ok) {
      const names = parsed.fields.map((field) => field.path).join(', ');
      return refuse(deps.logger, `invalid request: ${names}`, parsed.fields);
    }
    try {
      // The use case plans the same way; checking first answers a refusal before anything is called.
      resolveRunRequest(parsed.request, deps);
    } catch (error) {
      if (error instanceof RunInputError) return refuse(deps.logger, error.message, error.fields);
      throw error;
    }
    try {
      return succeeded(await invokeReport(deps, parsed.request, context, { countDelivery: false }));
    } catch (error) {
      // Already logged by invokeReport: bad input the use case found itself as a warning, a failure
      // with its stack. The caller gets the message, and for bad input the fields.
      if (error instanceof RunInputError) return refusal(error.message, error.fields);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'report run failed';
      return { ok: false, error: { message, fields: [] } };
    }
  };
}

function refuse(logger: Logger, message: string, fields: readonly FieldProblem[]): OnDemandResponse {
  logger.warn('on-demand request refused', { fields });
  return refusal(message, fields);
}

function refusal(message: string, fields: readonly FieldProblem[]): OnDemandResponse {
  return {
    ok: false,
    error: { message, fields: fields.map(({ path, message: problem }) => ({ path, message: problem })) },
  };
}

export const handler = wiredOnFirstEvent(async () => {
  const { wireReportHandler } = await import('./wiring.ts');
  return createOnDemandReportHandler(wireReportHandler());
});
