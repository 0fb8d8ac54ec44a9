import { ConfigError } from '../core/report/config.ts';
import { PeriodError } from '../core/report/periods.ts';
import { RunInputError } from '../core/report/run-errors.ts';
import type { RunResult } from '../core/report/run-types.ts';
import type { PeriodWindow } from '../core/report/snapshot.ts';
import type { RemainingTime } from './deadline.ts';
import { type FieldProblem, parseOnDemandRequest } from './on-demand-request.ts';
import { invokeReport, type ReportHandlerDependencies } from './report-invocation.ts';

export type OnDemandResponse =
  | {
      readonly ok: true;
      readonly runKey: string;
      readonly period: PeriodWindow;
      readonly archive: readonly string[];
      readonly messages: readonly string[];
      readonly apiCalls: number;
      readonly dryRun: boolean;
      readonly location: string;
      readonly skipped?: RunResult['skipped'];
    }
  | {
      readonly ok: false;
      readonly error: { readonly message: string; readonly fields: readonly FieldProblem[] };
    };

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
 * each bad field; the stack trace goes to the log, never to the caller.
 */
export function createOnDemandReportHandler(deps: ReportHandlerDependencies) {
  return async function handleOnDemandReport(
    payload: unknown,
    context: RemainingTime,
  ): Promise<OnDemandResponse> {
    const parsed = parseOnDemandRequest(payload);
    if (!parsed.ok) {
      const names = parsed.fields.map((field) => field.path).join(', ');
      return { ok: false, error: { message: `invalid request: ${names}`, fields: parsed.fields } };
    }
    const { reportId } = parsed.request;
    if (!deps.config.reports.some((report) => report.id === reportId)) {
      const known = deps.config.reports.map((report) => report.id).join(', ');
      const message = `unknown report "${reportId}" (known: ${known})`;
      return { ok: false, error: { message, fields: [{ path: 'reportId', message }] } };
    }
    try {
      return succeeded(await invokeReport(deps, parsed.request, context, { countDelivery: false }));
    } catch (error) {
      if (error instanceof RunInputError) {
        const field = error.cause instanceof PeriodError ? error.cause.field : undefined;
        const fields = field
          ? [{ path: field, message: error.cause instanceof Error ? error.cause.message : '' }]
          : [];
        return { ok: false, error: { message: error.message, fields } };
      }
      if (error instanceof ConfigError) return { ok: false, error: { message: error.message, fields: [] } };
      // Already logged with its stack by invokeReport; the caller gets the message only.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'report run failed';
      return { ok: false, error: { message, fields: [] } };
    }
  };
}

let wired: Promise<ReturnType<typeof createOnDemandReportHandler>> | undefined;

export const handler = async (payload: unknown, context: RemainingTime): Promise<OnDemandResponse> => {
  wired ??= import('./wiring.ts').then(({ wireReportHandler }) =>
    createOnDemandReportHandler(wireReportHandler()),
  );
  return (await wired)(payload, context);
};
