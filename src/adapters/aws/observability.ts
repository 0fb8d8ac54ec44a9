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
  /** Values of a run's API answers that could not be read and were left blank (a renamed or odd field). */
  unreadValues: 'UnreadValues',
  /** One per successful scheduled run; its absence raises a daily report's missed-run alarm. */
  reportsDelivered: 'ReportsDelivered',
  /** Hours since a report's newest real delivery, from the daily watchdog; alarmed on for weekly and monthly. */
  hoursSinceDelivery: 'HoursSinceDelivery',
  /** One per SES bounce of a report message (hard, or soft after SES gave up), per `ReportId`. */
  emailsBounced: 'EmailsBounced',
  /** One per recipient complaint (marked as spam) about a report message, per `ReportId`. */
  emailsComplained: 'EmailsComplained',
  /** SES events the delivery-events function could not read (no report tags, unsafe folder); never retried. */
  deliveryEventsUnreadable: 'DeliveryEventsUnreadable',
} as const;

export const REPORT_ID_DIMENSION = 'ReportId';
