import { type Dispatcher, request } from 'undici';
import {
  SobotMalformedJsonError,
  SobotServerError,
  SobotTransportError,
  SobotUnexpectedAnswerError,
  type TransportFailure,
} from './errors.ts';

export interface HttpCall {
  readonly endpoint: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs: number;
  /** The caller's own cancellation; an abort through it is rethrown as is, never retried. */
  readonly signal?: AbortSignal;
}

/**
 * One HTTP exchange, decoded as JSON. The timeout covers the whole exchange including the body, and runs
 * on real time: it guards real sockets, whereas the injected Clock paces retries and the rate limit.
 */
export async function exchangeJson(call: HttpCall): Promise<unknown> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const { endpoint } = call;
  let text: string;
  let status: number;
  try {
    const response = await request(call.url, {
      method: call.method,
      headers: call.headers ?? {},
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      ...(call.dispatcher ? { dispatcher: call.dispatcher } : {}),
      signal,
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason;
    throw new SobotTransportError({ endpoint, failure: classify(error, timeout), cause: error });
  }
  if (status >= 500) throw new SobotServerError({ endpoint, httpStatus: status });
  if (status < 200 || status >= 300) throw new SobotUnexpectedAnswerError({ endpoint, httpStatus: status });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SobotMalformedJsonError({ endpoint, httpStatus: status, cause: error });
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
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
  if (typeof code === 'string' && RESET_CODES.has(code)) return 'reset';
  return 'network';
}
