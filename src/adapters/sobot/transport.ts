import { type Dispatcher, request } from 'undici';
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

export interface HttpCall {
  readonly endpoint: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly dispatcher?: Dispatcher;
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
  try {
    const response = await request(call.url, {
      method: call.method,
      headers: call.headers ?? {},
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      ...(call.dispatcher ? { dispatcher: call.dispatcher } : {}),
      signal,
    });
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      return { status, text: await readLimited(call, response) };
    }
    // An error answer's body is never used; dump() reads a little of it so the connection can be reused.
    await response.body.dump();
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
async function readLimited(call: HttpCall, response: Dispatcher.ResponseData): Promise<string> {
  const { body, statusCode: httpStatus } = response;
  const tooLarge = () => {
    // Destroying emits an abort error that nothing waits for any more.
    body.on('error', () => {}).destroy();
    return new SobotResponseTooLargeError({
      endpoint: call.endpoint,
      httpStatus,
      maxBytes: call.maxResponseBytes,
    });
  };
  if (Number(response.headers['content-length']) > call.maxResponseBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    if (bytes > call.maxResponseBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  // TextDecoder drops a byte-order mark, as undici's body.text() did.
  return new TextDecoder().decode(Buffer.concat(chunks));
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
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
  if (typeof code === 'string' && RESET_CODES.has(code)) return 'reset';
  return 'network';
}
