import MailComposer from 'nodemailer/lib/mail-composer';
import { escapeHtml } from '../render/markup.ts';
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
  /** The recipients of this one message; each routed supervisor gets a message of their own. */
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  /** Envelope only: never written to a header. */
  readonly bcc?: readonly string[];
  readonly subject: string;
  readonly body: EmailBody;
  readonly workbook: { readonly fileName: string; readonly content: Uint8Array };
  /** Where the workbook is archived (`s3://…` or a path), named when it is too large to attach. */
  readonly archivedAt: string;
  readonly maxMessageBytes: number;
  /** The body to send without the attachment; by default a short notice is put above `body`. */
  readonly bodyWithoutAttachment?: EmailBody;
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
 * without the workbook, saying where it is archived.
 */
export async function composeReportEmail(input: ReportEmailInput): Promise<ComposedEmail> {
  assertNoLineBreaks(input);
  const full = await build(input, input.body, true);
  if (full.raw.byteLength <= input.maxMessageBytes) return full;
  const bare = await build(input, input.bodyWithoutAttachment ?? withArchiveNotice(input), false);
  if (bare.raw.byteLength > input.maxMessageBytes) {
    throw new MessageTooLargeError(bare.raw.byteLength, input.maxMessageBytes);
  }
  return bare;
}

function archiveNotice(fileName: string, location: string): EmailBody {
  const sentence = `The workbook ${fileName} is too large to attach to this email. It is archived at ${location}`;
  return {
    text: `${sentence}\n\n`,
    html: `<p style="padding:8px 12px;border-left:4px solid #d97706;background:#fffbeb">${escapeHtml(sentence)}</p>`,
  };
}

function withArchiveNotice(input: ReportEmailInput): EmailBody {
  const notice = archiveNotice(input.workbook.fileName, input.archivedAt);
  const bodyTag = /<body[^>]*>/i.exec(input.body.html);
  const html = bodyTag
    ? input.body.html.replace(bodyTag[0], `${bodyTag[0]}${notice.html}`)
    : `${notice.html}${input.body.html}`;
  return { text: `${notice.text}${input.body.text}`, html };
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
    text: body.text,
    html: body.html,
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
    ['attachment name', input.workbook.fileName],
    ...input.to.map((v, i) => [`to[${i}]`, v] as [string, string]),
    ...(input.cc ?? []).map((v, i) => [`cc[${i}]`, v] as [string, string]),
    ...(input.bcc ?? []).map((v, i) => [`bcc[${i}]`, v] as [string, string]),
  ];
  for (const [field, value] of fields) {
    if (value !== undefined && CRLF.test(value)) throw new HeaderInjectionError(field);
  }
}
