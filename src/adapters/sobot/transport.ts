import {
  SobotError,
  SobotMalformedJsonError,
  SobotResponseTooLargeError,
  SobotServerError,
  SobotTransportError,
  SobotUnexpectedAnswerError,
  type TransportFailure,
} from './errors.ts';

/** Far above any answer the reference describes (pages of at most 100 rows), far below what hurts a Lambda. */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** What requests go through: Node's global fetch, or in tests one bound to a dispatcher of their own. */
export type Fetch = typeof globalThis.fetch;

/** Of an error answer's body, read at most this much (so the connection can be reused), then drop it. */
const DRAIN_BYTES = 128 * 1024;

export interface HttpCall {
  readonly endpoint: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Default: the global fetch. */
  readonly fetch?: Fetch;
  readonly timeoutMs: number;
  /** A larger answer fails with SobotResponseTooLargeError; reading stops at the limit. */
  readonly maxResponseBytes: number;
  /** The caller's own cancellation; an abort through it is rethrown as is, never retried. */
  readonly signal?: AbortSignal;
}

/**
 * One HTTP exchange, decoded as JSON. The timeout covers the whole exchange including the body, and runs
 * on real time: it guards real sockets, whereas the injected Clock paces retries and the rate limit.
 */
export async function exchangeJson(call: HttpCall): Promise<unknown> {
  const { endpoint } = call;
  const { status, text } = await exchange(call);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SobotMalformedJsonError({ endpoint, httpStatus: status, cause: error });
  }
}

async function exchange(call: HttpCall): Promise<{ status: number; text: string }> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const { endpoint } = call;
  const fetch = call.fetch ?? globalThis.fetch;
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers ?? {},
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      // A redirect is an unexpected answer, never followed (the token would travel with it).
      redirect: 'manual',
      // Covers the body too: an abort errors the stream being read.
      signal,
    });
    const { status } = response;
    if (status >= 200 && status < 300) {
      return { status, text: await readLimited(call, response) };
    }
    // An error answer's body is never used.
    await drain(response.body);
    throw status >= 500
      ? new SobotServerError({ endpoint, httpStatus: status })
      : new SobotUnexpectedAnswerError({ endpoint, httpStatus: status });
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason;
    if (error instanceof SobotError) throw error;
    throw new SobotTransportError({ endpoint, failure: classify(error, timeout), cause: error });
  }
}

/** The body as text, refused up front when content-length already says too much, else once it grows past. */
async function readLimited(call: HttpCall, response: Response): Promise<string> {
  const tooLarge = (body: ReadableStream<Uint8Array> | ReadableStreamDefaultReader<Uint8Array>) => {
    // Cancelling drops the connection; nothing waits for that.
    body.cancel().catch(() => {});
    return new SobotResponseTooLargeError({
      endpoint: call.endpoint,
      httpStatus: response.status,
      maxBytes: call.maxResponseBytes,
    });
  };
  const { body } = response;
  if (!body) return '';
  if (Number(response.headers.get('content-length')) > call.maxResponseBytes) throw tooLarge(body);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.byteLength;
    if (bytes > call.maxResponseBytes) throw tooLarge(reader);
    chunks.push(read.value);
  }
  // TextDecoder drops a byte-order mark, as response.text() would.
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Reads a little of a body nobody uses, so the connection can be reused, and cancels the rest. */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    let bytes = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      bytes += read.value.byteLength;
      if (bytes > DRAIN_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The status decides the error; a body that breaks off on the way changes nothing.
  }
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function classify(error: unknown, timeout: AbortSignal): TransportFailure {
  if (timeout.aborted) return 'timeout';
  // fetch rejects with "fetch failed" (or "terminated" mid-body); the socket's own error is a cause down.
  for (let cause = error, depth = 0; cause && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
    if (typeof code === 'string' && RESET_CODES.has(code)) return 'reset';
    cause = (cause as { cause?: unknown }).cause;
  }
  return 'network';
}
