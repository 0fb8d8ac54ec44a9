import * as z from 'zod';

/**
 * A recording: the exchanges `sobot-reports check --record FILE` had with a Sobot API, redacted (no
 * token, app_key or sign; agent names and emails replaced). The simulator's replay mode serves it, so an
 * account's real answers become a fixture. It is a file format both sides read, so it depends on neither:
 * the check writes it through the client, the simulator reads it without the client.
 */

export const RECORDING_FORMAT = 'sobot-reports/recording@1';

/**
 * Why a call was made: `contract` is the endpoint's one call (what replay serves); the `filter-…` calls
 * are getWorkLogList's probe of the two filter spellings the reference gives.
 */
export const PROBES = ['contract', 'filter-table', 'filter-example'] as const;
export type Probe = (typeof PROBES)[number];

const exchangeSchema = z
  .strictObject({
    /** The client's endpoint name (`getStat`); the replay finds its path in the simulator's own description. */
    endpoint: z.string().min(1),
    probe: z.enum(PROBES),
    /** The JSON body sent (headers, which carry the token, are never kept). */
    request: z.record(z.string(), z.unknown()),
    status: z.number().int().min(100).max(599),
    /** The answer as JSON; absent when it was not JSON, and then `text` holds it. */
    body: z.unknown().optional(),
    text: z.string().optional(),
  })
  .refine((exchange) => (exchange.body === undefined) !== (exchange.text === undefined), {
    message: 'needs exactly one of body and text',
  });

export const recordingSchema = z.strictObject({
  format: z.literal(RECORDING_FORMAT),
  recordedAt: z.iso.datetime({ offset: true }),
  /** The day every call asked for, `yyyy-MM-dd` in `timezone`. */
  day: z.iso.date(),
  timezone: z.string().min(1),
  exchanges: z.array(exchangeSchema),
});

export type Recording = z.infer<typeof recordingSchema>;
export type RecordedExchange = Recording['exchanges'][number];

class RecordingFormatError extends Error {
  override readonly name = 'RecordingFormatError';
}

/** Checks a decoded recording; a problem is one line naming the field (`exchanges[3].endpoint: …`). */
export function parseRecording(json: unknown): Recording {
  const parsed = recordingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const path = issue?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  throw new RecordingFormatError(
    `${path ? path.replace(/^\./, '') : '(file)'}: ${issue?.message ?? 'invalid'}`,
  );
}
