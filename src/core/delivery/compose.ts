import { domainToASCII } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWord, isPlainText } from 'nodemailer/lib/mime-funcs';
import { addressOf, type EmailSettings } from '../report/config.ts';
import type { OutgoingEmail } from '../report/ports.ts';
import { XLSX_CONTENT_TYPE } from './archive-object.ts';
import { HeaderInjectionError, MessageTooLargeError } from './errors.ts';

export interface EmailBody {
  readonly text: string;
  readonly html: string;
}

export interface ReportEmailInput {
  readonly settings: EmailSettings;
  /** The report: it names the List-Id, which stays the same for every run and slice of the report. */
  readonly report: { readonly id: string; readonly title: string };
  /** The recipients of this one message; each routed supervisor gets a message of their own. */
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  /** Envelope only: never written to a header. */
  readonly bcc?: readonly string[];
  readonly subject: string;
  readonly body: EmailBody;
  readonly workbook: { readonly fileName: string; readonly content: Uint8Array };
  readonly maxMessageBytes: number;
  /**
   * The body sent when the workbook is too large to attach: it must not say the workbook is attached.
   * Rendered only then, since nearly every message fits.
   */
  readonly bodyWithoutAttachment: () => EmailBody;
  readonly date?: Date;
}

interface ComposedEmail extends OutgoingEmail {
  /** False when the workbook was left out for size. */
  readonly attached: boolean;
  readonly messageId: string;
}

const CRLF = /[\r\n]/;

/**
 * Builds the report email with nodemailer's MailComposer: multipart/alternative text + HTML and the
 * workbook attached. Over `maxMessageBytes` (SES v2: 40 MB including base64) it composes again
 * without the workbook, with the body that says so.
 *
 * Every line ends in CRLF, the body parts' content included (RFC 5322 2.3 allows no bare LF), so the
 * text part decodes to the same bytes whatever transfer encoding nodemailer picks for it.
 */
export async function composeReportEmail(input: ReportEmailInput): Promise<ComposedEmail> {
  assertNoLineBreaks(input);
  const full = await build(input, input.body, true);
  if (full.raw.byteLength <= input.maxMessageBytes) return full;
  const bare = await build(input, input.bodyWithoutAttachment(), false);
  if (bare.raw.byteLength > input.maxMessageBytes) {
    throw new MessageTooLargeError(bare.raw.byteLength, input.maxMessageBytes);
  }
  return bare;
}

async function build(input: ReportEmailInput, body: EmailBody, attach: boolean): Promise<ComposedEmail> {
  const { settings } = input;
  const node = new MailComposer({
    from: settings.from,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    to: [...input.to],
    ...(input.cc?.length ? { cc: [...input.cc] } : {}),
    ...(input.bcc?.length ? { bcc: [...input.bcc] } : {}),
    subject: input.subject,
    text: crlf(body.text),
    html: crlf(body.html),
    newline: 'windows',
    headers: automatedMailHeaders(input),
    ...(input.date ? { date: input.date } : {}),
    attachments: attach
      ? [
          {
            filename: input.workbook.fileName,
            content: Buffer.from(input.workbook.content),
            contentType: XLSX_CONTENT_TYPE,
          },
        ]
      : [],
  }).compile();
  const raw = await node.build();
  return {
    raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
    from: addressOf(settings.from),
    recipients: envelopeRecipients(input),
    subject: input.subject,
    attached: attach,
    messageId: node.messageId(),
  };
}

function crlf(content: string): string {
  return content.replace(/\r?\n|\r/g, '\r\n');
}

type PreparedHeader = { prepared: boolean; value: string };

/**
 * Marks the message as a machine's, so out-of-office and other automatic replies are not sent back to
 * Reply-To: `Auto-Submitted` (RFC 3834) for most responders, `X-Auto-Response-Suppress` for Exchange
 * and Outlook, and `List-Id` (RFC 2919), which also lets a supervisor filter the report. The
 * `List-Unsubscribe` mailto is written only when the config names an address to send it to.
 */
function automatedMailHeaders(input: ReportEmailInput): Record<string, string | PreparedHeader> {
  const headers: Record<string, string | PreparedHeader> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'List-Id': prepared(`${phrase(input.report.title)} <${listId(input.report.id, input.settings.from)}>`),
  };
  const unsubscribe = input.settings.unsubscribe;
  if (unsubscribe) {
    const subject = encodeURIComponent(`unsubscribe ${input.report.id}`);
    // Not folded: it has no space to fold at, and a 254-character address and a 63-character id keep
    // it under the 998-character line limit.
    headers['List-Unsubscribe'] = prepared(`<mailto:${unsubscribe}?subject=${subject}>`, false);
  }
  return headers;
}

/**
 * `<report-id>.reports.<sender's domain>`: RFC 2919 wants the id under a domain the sender controls,
 * and the `reports` label keeps it apart from any real list or host of that domain. It names the report,
 * not the run or the slice, so a filter a supervisor sets up keeps working every week.
 */
function listId(reportId: string, from: string): string {
  const address = addressOf(from);
  const domain = domainToASCII(address.slice(address.lastIndexOf('@') + 1)) || 'invalid';
  return `${reportId}.reports.${domain.toLowerCase()}`;
}

/** The List-Id's display phrase: a quoted string, or encoded words for a title that is not ASCII. */
function phrase(title: string): string {
  return isPlainText(title) ? `"${title.replace(/[\\"]/g, '\\$&')}"` : encodeWord(title, 'B', 52);
}

/** Written as built here: a phrase in it is already quoted or encoded. */
function prepared(value: string, foldLines = true): PreparedHeader {
  return { prepared: true, value, foldLines } as PreparedHeader;
}

/** Bare addresses of to, cc and bcc, each once. */
function envelopeRecipients(input: Pick<ReportEmailInput, 'to' | 'cc' | 'bcc'>): string[] {
  const all = [...input.to, ...(input.cc ?? []), ...(input.bcc ?? [])].map(addressOf);
  const seen = new Set<string>();
  return all.filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Config validation already refuses these; checked again because a header is where it would bite. */
function assertNoLineBreaks(input: ReportEmailInput): void {
  const fields: Array<[string, string | undefined]> = [
    ['subject', input.subject],
    ['from', input.settings.from],
    ['replyTo', input.settings.replyTo],
    ['unsubscribe', input.settings.unsubscribe],
    ['report title', input.report.title],
    ['attachment name', input.workbook.fileName],
    ...input.to.map((v, i) => [`to[${i}]`, v] as [string, string]),
    ...(input.cc ?? []).map((v, i) => [`cc[${i}]`, v] as [string, string]),
    ...(input.bcc ?? []).map((v, i) => [`bcc[${i}]`, v] as [string, string]),
  ];
  for (const [field, value] of fields) {
    if (value !== undefined && CRLF.test(value)) throw new HeaderInjectionError(field);
  }
}
