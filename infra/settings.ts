import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';

const PREFIX = 'sobot-report-mailer:';

const positiveInt = z.coerce.number().int().positive();

/** `cdk.json` context under `sobot-report-mailer:`; a typo or a bad value fails the synth with its key. */
const settingsSchema = z.object({
  senderIdentity: z.string().min(3),
  appIdParameter: z.string().startsWith('/'),
  appKeyParameter: z.string().startsWith('/'),
  tokenParameter: z.string().startsWith('/'),
  alarmEmail: z.union([z.literal(''), z.email()]).default(''),
  /** ARN of a customer-managed key for the SecureStrings; default: any key used through SSM (aws/ssm). */
  ssmKmsKeyArn: z.string().startsWith('arn:').optional(),
  sobotBaseUrl: z.url().optional(),
  logRetentionDays: positiveInt
    .refine(
      (days) => Object.values(logs.RetentionDays).includes(days),
      'is not a retention CloudWatch Logs offers',
    )
    .default(90)
    .transform((days) => days as logs.RetentionDays),
  infrequentAccessAfterDays: positiveInt.default(30),
  glacierAfterDays: positiveInt.default(180),
  missedRunGraceHours: positiveInt.default(2),
});

export type Settings = z.infer<typeof settingsSchema>;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/**
 * The settings from the context under `sobot-report-mailer:`. A key the schema does not know (a typo,
 * a setting that no longer exists) fails the synth with its name, rather than being silently ignored.
 */
export function readSettings(node: Node): Settings {
  const known = new Set(Object.keys(settingsSchema.shape));
  const unknown = Object.keys(node.getAllContext() as Record<string, unknown>).filter(
    (key) => key.startsWith(PREFIX) && !known.has(key.slice(PREFIX.length)),
  );
  if (unknown.length > 0) {
    throw new SettingsError(
      `unknown context ${unknown.join(', ')} (known: ${[...known].map((key) => PREFIX + key).join(', ')})`,
    );
  }
  const raw = Object.fromEntries(
    Object.keys(settingsSchema.shape).flatMap((key) => {
      const value = node.tryGetContext(`${PREFIX}${key}`);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  const result = settingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `context ${PREFIX}${issue.path.join('.')}: ${issue.message}`,
  );
  throw new SettingsError(problems.join('; '));
}
