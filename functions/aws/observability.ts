/**
 * Names shared by the functions that emit metrics and the stack that alarms on them, so the two cannot
 * drift apart.
 */
export const SERVICE_NAME = 'sobot-report-mailer';
export const METRICS_NAMESPACE = 'SobotReports';

export const METRIC = {
  apiCalls: 'ApiCalls',
  pages: 'Pages',
  throttles: 'Throttles',
  runDuration: 'RunDuration',
  emailsSent: 'EmailsSent',
  bytesArchived: 'BytesArchived',
  /** One per successful scheduled run; its absence raises the missed-run alarm. */
  reportsDelivered: 'ReportsDelivered',
  /** Hours since a report's newest real delivery, from the daily watchdog; alarmed on for monthly reports. */
  hoursSinceDelivery: 'HoursSinceDelivery',
} as const;

export const REPORT_ID_DIMENSION = 'ReportId';
