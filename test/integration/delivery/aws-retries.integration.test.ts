import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { archiveS3Client, S3ArchiveStore } from '../../../src/adapters/archive/s3.ts';
import { SesMailer, sesClient } from '../../../src/adapters/mail/ses.ts';
import { archiveObjectFor } from '../../../src/core/delivery/archive-object.ts';
import { ArchiveError, MailerError } from '../../../src/core/delivery/errors.ts';
import type { OutgoingEmail } from '../../../src/core/report/ports.ts';

/**
 * The SDK's own retries, seen from the wire: the clients the functions run on (`archiveS3Client`,
 * `sesClient`, unchanged but for the endpoint) against a local HTTP server that answers from a script.
 * s3rver and aws-ses-v2-local cannot be told to throttle, fail or refuse a conditional write.
 */

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Answers the n-th request with `script[n]`, and every request past the script with its last answer. */
async function scriptedServer(script: readonly Answer[], onRequest?: (count: number) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    // The path without the SDK's query (`?x-id=PutObject`).
    const [path = ''] = (request.url ?? '').split('?');
    seen.push({ method: request.method ?? '', url: path, headers: request.headers });
    onRequest?.(seen.length);
    const answer = script[Math.min(seen.length, script.length) - 1] ?? { status: 500 };
    // The whole request is read before answering, so the client never sees a reset mid-upload.
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body ?? '');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Server = Awaited<ReturnType<typeof scriptedServer>>;

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

const s3Error = (status: number, code: string): Answer => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>r</RequestId></Error>`,
});
const s3Ok: Answer = { status: 200, headers: { etag: '"e"' } };

const sesError = (status: number, type: string): Answer => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
  body: JSON.stringify({ message: type }),
});
const sesSent: Answer = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ MessageId: 'ses-1' }),
};

const email: OutgoingEmail = {
  raw: Buffer.from('From: reports@example.com\r\nSubject: x\r\n\r\nhello'),
  from: 'reports@example.com',
  recipients: ['supervisor.one@example.com'],
  subject: 'x',
};

let server: Server | undefined;

beforeEach(() => {
  // The SDK's backoff is full jitter: each wait is Math.random() times its ceiling. At 0 every wait is
  // 0 ms, so the production retry strategy runs unchanged and no test sleeps.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

async function archiveAnswering(script: readonly Answer[]) {
  server = await scriptedServer(script);
  const client = archiveS3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    forcePathStyle: true,
  });
  return { store: new S3ArchiveStore({ client, bucket: 'archive' }), seen: server.seen };
}

async function mailerAnswering(script: readonly Answer[]) {
  server = await scriptedServer(script);
  const client = sesClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  return { mailer: new SesMailer({ client }), seen: server.seen };
}

const attemptHeaders = (seen: readonly Seen[]) => seen.map((request) => request.headers['amz-sdk-request']);

describe('SDK retries: S3 archive', () => {
  const key = 'reports/r/index.html';

  it('repeats a write throttled (503 SlowDown) and failed (500), then succeeds', async () => {
    // Prepare
    const { store, seen } = await archiveAnswering([
      s3Error(503, 'SlowDown'),
      s3Error(500, 'InternalError'),
      s3Ok,
    ]);

    // Act
    await store.put(key, archiveObjectFor(key, '<p>'));

    // Assess
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(
      Array(3).fill(`PUT /archive/${key}`),
    );
    expect(attemptHeaders(seen)).toEqual(['attempt=1; max=4', 'attempt=2; max=4', 'attempt=3; max=4']);
  });

  it('gives up after four attempts with an ArchiveError naming the object', async () => {
    // Prepare
    const { store, seen } = await archiveAnswering([s3Error(503, 'ServiceUnavailable')]);

    // Act
    const error = await store.put(key, archiveObjectFor(key, '<p>')).catch((e: unknown) => e);

    // Assess
    expect(error).toEqual(new ArchiveError(`cannot write s3://archive/${key}`, key));
    expect((error as Error).cause).toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503, attempts: 4 },
    });
    expect(seen).toHaveLength(4);
  });

  it('does not repeat a refused write (403)', async () => {
    // Prepare
    const { store, seen } = await archiveAnswering([s3Error(403, 'AccessDenied'), s3Ok]);

    // Act
    const result = store.put(key, archiveObjectFor(key, '<p>'));

    // Assess
    await expect(result).rejects.toBeInstanceOf(ArchiveError);
    expect(seen).toHaveLength(1);
  });

  it('does not repeat a conditional write S3 refused with 412: putIfAbsent answers false', async () => {
    // Prepare
    const { store, seen } = await archiveAnswering([s3Error(412, 'PreconditionFailed'), s3Ok]);

    // Act
    const written = await store.putIfAbsent('ledger/r/x.claim.json', archiveObjectFor('x.json', '{}'));

    // Assess
    expect(written).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers['if-none-match']).toBe('*');
  });

  it('repeats a conditional write that met another (409 ConditionalRequestConflict), and reads the 412 then', async () => {
    // Prepare
    const { store, seen } = await archiveAnswering([
      s3Error(409, 'ConditionalRequestConflict'),
      s3Error(412, 'PreconditionFailed'),
      s3Ok,
    ]);

    // Act
    const written = await store.putIfAbsent('ledger/r/x.claim.json', archiveObjectFor('x.json', '{}'));

    // Assess
    expect(written).toBe(false);
    expect(seen).toHaveLength(2);
  });

  it('reads a missing object (404) as absent, asking once', async () => {
    // Prepare
    const { store, seen } = await archiveAnswering([s3Error(404, 'NoSuchKey'), s3Ok]);

    // Act
    const body = await store.get('reports/r/missing.json');

    // Assess
    expect(body).toBeNull();
    expect(seen).toHaveLength(1);
  });
});

describe('SDK retries: SES mailer', () => {
  it('waits out throttling (429 TooManyRequests, LimitExceeded) and sends', async () => {
    // Prepare
    const { mailer, seen } = await mailerAnswering([
      sesError(429, 'TooManyRequestsException'),
      sesError(400, 'LimitExceededException'),
      sesSent,
    ]);

    // Act
    const sent = await mailer.send(email);

    // Assess
    expect(sent).toEqual({ messageId: 'ses-1' });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(
      Array(3).fill('POST /v2/email/outbound-emails'),
    );
  });

  it('does not repeat a rejected message, and fails it as permanent', async () => {
    // Prepare
    const { mailer, seen } = await mailerAnswering([sesError(400, 'MessageRejected'), sesSent]);

    // Act
    const error = await mailer.send(email).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(MailerError);
    expect(error).toMatchObject({ permanent: true, code: 'MessageRejected' });
    expect(seen).toHaveLength(1);
  });

  it('stops retrying once the invocation’s signal fires', async () => {
    // Prepare
    const deadline = new AbortController();
    server = await scriptedServer([sesError(503, 'ServiceUnavailable')], (count) => {
      if (count === 2) deadline.abort(new Error('deadline'));
    });
    const client = sesClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
    const mailer = new SesMailer({ client, signal: deadline.signal });

    // Act
    const error = await mailer.send(email).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'MailerError', permanent: false });
    expect(server.seen).toHaveLength(2);
  });
});
