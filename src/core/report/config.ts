import { open } from 'node:fs/promises';
import * as z from 'zod';
import { slug } from '../delivery/layout.ts';
import { SECTION_IDS, type SectionId } from '../sections/ids.ts';
import { targetsSchema } from '../sections/targets.ts';
import { DEFAULT_TREND_PERIODS, MAX_TREND_PERIODS } from '../trend/length.ts';

/**
 * `reports.config.json`: the one file that drives both the schedules (infra) and the reports
 * (functions). Errors name the exact path, e.g. `reports[1].recipients.to[0]`.
 */

const CRLF = /[\r\n]/;
const EMAIL = /^[^\s@<>",;:]+@[^\s@<>",;:]+\.[^\s@<>",;:]+$/;
/** `someone@example.com` or `Display Name <someone@example.com>`. */
const NAMED_EMAIL = /^([^<>\r\n]*)<([^<>\s]+)>$/;

export function addressOf(mailbox: string): string {
  const named = NAMED_EMAIL.exec(mailbox.trim());
  return (named?.[2] ?? mailbox).trim();
}

/** RFC 5322 specials that change how a header is parsed (`:` starts a group, `,` a new address). */
const SPECIALS = /[,;:@"()[\]\\]/;
const QUOTED = /^\s*"(?:[^"\\]|\\.)*"\s*$/;

/** A display name is safe when it is quoted or holds no specials. */
function hasSafeDisplayName(mailbox: string): boolean {
  const name = NAMED_EMAIL.exec(mailbox.trim())?.[1] ?? '';
  return QUOTED.test(name) || !SPECIALS.test(name);
}

const NO_LINE_BREAKS = 'must not contain line breaks (header injection)';

// Each check passes what an earlier one already reported, so a bad mailbox gets one message. (zod's
// `abort` would also do that, but it skips the report-level checks, hiding their problems.)
const mailbox = z
  .string()
  .refine((v) => !CRLF.test(v), NO_LINE_BREAKS)
  .refine((v) => CRLF.test(v) || EMAIL.test(addressOf(v)), 'is not a valid email address')
  .refine(
    (v) => CRLF.test(v) || !EMAIL.test(addressOf(v)) || hasSafeDisplayName(v),
    'needs double quotes around a display name holding , ; : @ " ( ) [ ] or \\',
  );

const headerText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !CRLF.test(v), NO_LINE_BREAKS);

const ids = z.array(z.string().min(1)).optional();

/**
 * The `channel_flag` filter takes keys, not bare flags: "channel_flag String No channel_flag_key"
 * (every statistics endpoint), and getChannelList numbers flags within a channel type
 * (`"channel_flag_key": "4_1"`), so "1" alone names no one sub-channel.
 */
const channelKeys = z
  .array(
    z.string().regex(/^[^_\s]+_[^_\s]+$/, 'is a bare flag; give the channel_flag_key, type_flag, e.g. "4_1"'),
  )
  .optional();

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** A report id names S3 keys and SES tags: lowercase letters, digits and dashes. */
export const REPORT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const timezoneSchema = z.string().refine(isIanaZone, 'is not an IANA timezone such as Asia/Shanghai');

export type Section = SectionId;

const filtersSchema = z.strictObject({
  departmentIds: ids,
  groupIds: ids,
  channelFlags: channelKeys,
  sources: ids,
  robotIds: ids,
  staffIds: ids,
});

/** A supervisor bound to departments or skill groups receives only that slice of the data. */
const routeSchema = z
  .strictObject({
    name: headerText(120),
    to: z.array(mailbox).min(1),
    cc: z.array(mailbox).default([]),
    departmentIds: ids,
    groupIds: ids,
  })
  .refine((r) => (r.departmentIds?.length ?? 0) + (r.groupIds?.length ?? 0) > 0, {
    message: 'a route needs departmentIds or groupIds',
  });

/** The whole account's slice name. */
export const WHOLE_ACCOUNT = 'all';
/** Slugs a route may not take: the whole account's slice, and the run lease's own ledger name. */
export const RESERVED_SLICES: readonly string[] = [WHOLE_ACCOUNT, 'run'];

export const recipientsSchema = z.strictObject({
  to: z.array(mailbox).default([]),
  cc: z.array(mailbox).default([]),
  bcc: z.array(mailbox).default([]),
  routes: z.array(routeSchema).default([]),
});

const hour = z.number().int().min(0).max(23);
const minute = z.number().int().min(0).max(59);

const sendTimeSchema = z.strictObject({
  hour,
  minute: minute.default(0),
  /** ISO weekday, 1 = Monday … 7 = Sunday; weekly reports only. */
  weekday: z.number().int().min(1).max(7).optional(),
  /** 1–28 so every month has it; monthly reports only. */
  dayOfMonth: z.number().int().min(1).max(28).optional(),
});

/**
 * Ten chats by default: below that one chat moves an agent's rate by ten points or more, so a short
 * shift or a single hard customer would put someone on the list by chance.
 */
const DEFAULT_MIN_CHATS = 10;

const agentsNeedingAttentionSchema = z
  .strictObject({ minChats: z.number().int().min(1).default(DEFAULT_MIN_CHATS) })
  .default({ minChats: DEFAULT_MIN_CHATS });

const reportSchema = z
  .strictObject({
    id: z
      .string()
      .regex(REPORT_ID_PATTERN, 'must be lowercase letters, digits and dashes (it names S3 keys)'),
    title: headerText(200),
    period: z.enum(['daily', 'weekly', 'monthly']),
    send: sendTimeSchema,
    timezone: timezoneSchema.default('Asia/Shanghai'),
    language: z.enum(['en', 'zh']).default('en'),
    dimension: z.enum(['department', 'skillGroup', 'channel']).default('department'),
    filters: filtersSchema.default({}),
    sections: z
      .array(z.enum(SECTION_IDS))
      .min(1)
      .default([...SECTION_IDS]),
    compareWithPrevious: z.boolean().default(true),
    skipIfEmpty: z.boolean().default(false),
    targets: targetsSchema,
    /** `targetMissed`: an alert, sent only to the slices whose own figures miss a target. */
    sendWhen: z.enum(['always', 'targetMissed']).default('always'),
    agentsNeedingAttention: agentsNeedingAttentionSchema,
    trendPeriods: z.number().int().min(2).max(MAX_TREND_PERIODS).default(DEFAULT_TREND_PERIODS),
    recipients: recipientsSchema,
  })
  .superRefine((report, ctx) => {
    if (report.period === 'weekly' && report.send.weekday === undefined) {
      ctx.addIssue({ code: 'custom', path: ['send', 'weekday'], message: 'is required for a weekly report' });
    }
    if (report.period !== 'weekly' && report.send.weekday !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['send', 'weekday'], message: 'applies to weekly reports only' });
    }
    if (report.period !== 'monthly' && report.send.dayOfMonth !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['send', 'dayOfMonth'],
        message: 'applies to monthly reports only',
      });
    }
    if (report.period === 'monthly' && report.send.dayOfMonth === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['send', 'dayOfMonth'],
        message: 'is required for a monthly report',
      });
    }
    const { to, cc, bcc, routes } = report.recipients;
    if (to.length + cc.length + bcc.length + routes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'needs at least one recipient' });
    }
    checkRouteNames(routes, ctx);
    if (report.sendWhen === 'targetMissed' && report.targets.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['sendWhen'],
        message: '"targetMissed" needs at least one entry in targets, or nothing could ever be sent',
      });
    }
  });

/**
 * A route's name becomes its files' and ledger keys' name (its slug). Two routes with one slug would
 * share a workbook, so one supervisor would receive another team's data.
 */
function checkRouteNames(routes: readonly { name: string }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  routes.forEach((route, index) => {
    const name = slug(route.name);
    const path = ['recipients', 'routes', index, 'name'];
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      const first = routes[earlier]?.name ?? '';
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${route.name}" and routes[${earlier}] "${first}" both name their files "${name}"; rename one`,
      });
    } else if (RESERVED_SLICES.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${route.name}" names its files "${name}", which is reserved (${RESERVED_SLICES.join(', ')}); rename it`,
      });
    }
    if (earlier === undefined) seen.set(name, index);
  });
}

/** A bare address, for a `mailto:` URL: no display name. */
const bareAddress = z
  .string()
  .refine((v) => !CRLF.test(v), NO_LINE_BREAKS)
  .refine((v) => CRLF.test(v) || EMAIL.test(v), 'is not a bare email address (no display name, no <>)');

const emailSettingsSchema = z.strictObject({
  from: mailbox,
  replyTo: mailbox.optional(),
  /** Where `List-Unsubscribe` (a mailto) sends a request to stop; no header without it. */
  unsubscribe: bareAddress.optional(),
  configurationSet: z.string().min(1).optional(),
});

const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    email: emailSettingsSchema,
    reports: z.array(reportSchema).min(1),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.reports.forEach((report, index) => {
      if (seen.has(report.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['reports', index, 'id'],
          message: `duplicates "${report.id}"`,
        });
      }
      seen.add(report.id);
    });
  });

export type ReportsConfig = z.infer<typeof configSchema>;
export type ReportConfig = z.infer<typeof reportSchema>;
export type Route = z.infer<typeof routeSchema>;
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[], options?: ErrorOptions) {
    super(message, options);
    this.problems = problems;
  }
}

/** `reports[1].recipients.to[0]` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

function describeIssues(error: z.ZodError, root = ''): string[] {
  const describe = (path: readonly PropertyKey[], message: string): string => {
    const at = formatPath(path);
    const where = [root, at].filter(Boolean).join(root && at && !at.startsWith('[') ? '.' : '');
    return `${where || '(root)'}: ${message}`;
  };
  // zod reports unknown keys on their parent object; name each key's own path instead.
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => describe([...issue.path, key], 'is not a known field'))
      : [describe(issue.path, issue.message)],
  );
}

export function parseConfig(input: unknown, source = 'reports.config.json'): ReportsConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeIssues(result.error);
  throw new ConfigError(`${source}: ${problems[0]}`, problems);
}

/** Far above any real config; a larger file is a mistake (a wrong path, a log) and is not read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfig(file: string): Promise<ReportsConfig> {
  const text = await readConfigText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const problem = `${file}: is not valid JSON (${(cause as Error).message})`;
    throw new ConfigError(problem, [problem], { cause });
  }
  return parseConfig(json, file);
}

async function readConfigText(file: string): Promise<string> {
  const problem = (what: string, cause?: unknown) =>
    new ConfigError(`${file}: ${what}`, [`${file}: ${what}`], cause === undefined ? undefined : { cause });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw problem('cannot be read', cause);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw problem('is not a file');
    // Read one byte past the limit, so a file that grows while it is read is caught too.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_CONFIG_BYTES) throw problem(`is larger than ${MAX_CONFIG_BYTES} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw problem('cannot be read', cause);
  } finally {
    await handle.close();
  }
}

export function findReport(config: ReportsConfig, id: string): ReportConfig {
  const report = config.reports.find((r) => r.id === id);
  if (!report) {
    const known = config.reports.map((r) => r.id).join(', ');
    throw new ConfigError(`unknown report "${id}" (known: ${known})`, [`unknown report "${id}"`]);
  }
  return report;
}
