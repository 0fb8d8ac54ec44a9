import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { type ParsedMail, simpleParser } from 'mailparser';
import { archiveS3Client } from '../../src/adapters/archive/s3.ts';
import { AWS_MAX_ATTEMPTS } from '../../src/adapters/aws/sdk-retry.ts';
import { sesClient } from '../../src/adapters/mail/ses.ts';

/**
 * Local AWS stand-ins for integration tests, each on 127.0.0.1 with an OS-chosen port:
 * s3rver for S3 and aws-ses-v2-local for SES v2. Start in `beforeAll`, `close()` in `afterAll`.
 */

const require = createRequire(import.meta.url);
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** The clients' own retries (standard mode, same attempts) without the backoff waits, so no test sleeps. */
const retryWithoutWaiting = () => new ConfiguredRetryStrategy(AWS_MAX_ATTEMPTS, 0);

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

export interface S3Emulator {
  readonly endpoint: string;
  readonly client: S3Client;
  readonly bucket: string;
  /** s3rver ignores `If-None-Match` on PUT, so stores under test must not rely on it. */
  readonly supportsConditionalWrites: false;
  close(): Promise<void>;
}

export async function startS3Emulator(bucket = 'sobot-reports-test'): Promise<S3Emulator> {
  const S3rver = require('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = archiveS3Client({
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true,
    // s3rver predates the SDK's default CRC32 request checksums (aws-chunked bodies with trailers) and
    // stores them garbled; checksum only where an operation requires it.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    retryStrategy: retryWithoutWaiting(),
  });
  return {
    endpoint,
    client,
    bucket,
    supportsConditionalWrites: false,
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** What aws-ses-v2-local keeps of a message (its `/store` JSON), parsed from the headers. */
interface SesStoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: string[];
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly at: number;
}

export interface SesMessage {
  readonly stored: SesStoredEmail;
  /** The raw MIME message as sent through this harness's client, and as mailparser reads it. */
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
  /** The SendEmail request's own fields, e.g. the envelope and configuration set. */
  readonly request: {
    readonly destination: readonly string[];
    readonly configurationSet: string | undefined;
  };
}

export interface SesEmulator {
  readonly endpoint: string;
  readonly client: SESv2Client;
  /** Messages sent through `client`, oldest first. */
  messages(): Promise<SesMessage[]>;
  close(): Promise<void>;
}

type StartSes = (config: { host: string; port: number }) => Promise<Server>;

/**
 * aws-ses-v2-local parses a raw message and keeps only its fields, so the client records each raw
 * request on the way out (keyed by the returned MessageId) to let tests read the message byte for byte.
 * Its store is per process: it is cleared at start.
 */
export async function startSesEmulator(): Promise<SesEmulator> {
  const module = require('aws-ses-v2-local') as { default: StartSes };
  const server = await module.default({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });

  const sent = new Map<string, SesMessage['request'] & { raw: Buffer }>();
  // Each raw message is parsed once, however often a test reads the store (it only grows).
  const parsed = new Map<string, Promise<ParsedMail>>();
  const parseOnce = (messageId: string, raw: Buffer) => {
    let mail = parsed.get(messageId);
    if (!mail) {
      mail = simpleParser(raw);
      parsed.set(messageId, mail);
    }
    return mail;
  };
  const client = sesClient({
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    retryStrategy: retryWithoutWaiting(),
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const { input } = args as { input: Partial<SendEmailCommand['input']> };
      const messageId = (result.output as { MessageId?: string }).MessageId;
      const data = input.Content?.Raw?.Data;
      if (messageId && data) {
        sent.set(messageId, {
          raw: Buffer.from(data),
          destination: input.Destination?.ToAddresses ?? [],
          configurationSet: input.ConfigurationSetName,
        });
      }
      return result;
    },
    { step: 'initialize', name: 'recordRawMessages' },
  );

  return {
    endpoint,
    client,
    async messages() {
      const response = await fetch(`${endpoint}/store`);
      const { emails } = (await response.json()) as { emails: SesStoredEmail[] };
      const messages: SesMessage[] = [];
      for (const stored of emails) {
        const request = sent.get(stored.messageId);
        if (!request) continue;
        const { raw, ...fields } = request;
        messages.push({ stored, raw, parsed: await parseOnce(stored.messageId, raw), request: fields });
      }
      return messages;
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
