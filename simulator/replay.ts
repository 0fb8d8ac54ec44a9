import { readFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parseRecording, type RecordedExchange, type Recording } from '../src/core/recording.ts';
import { API, type EndpointDescription, type SimEndpointName as EndpointName } from './api/description.ts';
import type { Body } from './endpoints/params.ts';
import { isBody, parseJson, readBody } from './http/body.ts';
import { inputError, tokenInvalid, tokenMissing } from './http/responses.ts';

/**
 * Replay mode: the simulator answers each endpoint with what a recording (`sobot-reports check
 * --record FILE`) captured from a real account, instead of generated data. The recorded rows are the
 * whole data set, paged again for each request; the dates a request asks for are ignored (a recording
 * holds one day), which `onNote` is told once. get_token and the token check stay the simulator's own.
 */

export interface ReplayOptions {
  readonly recording: Recording;
  /** Told once, the first time a request asks for other dates than the recording's. */
  readonly onNote?: (note: string) => void;
}

/** The recording file could not be read or is not a recording; the message names the file and the field. */
class ReplayFileError extends Error {
  override readonly name = 'ReplayFileError';
}

export async function loadRecording(file: string): Promise<Recording> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ReplayFileError(`cannot read ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
    });
  }
  try {
    return parseRecording(JSON.parse(text));
  } catch (cause) {
    const detail = cause instanceof SyntaxError ? 'not JSON' : (cause as Error).message;
    throw new ReplayFileError(`${file} is not a recording: ${detail}`, { cause });
  }
}

interface TokenCheck {
  check(token: string | undefined): 'valid' | 'missing' | 'invalid';
}

const ROUTES = new Map<string, EndpointName>(
  Object.entries(API).map(([name, spec]) => [spec.path, name as EndpointName]),
);

function isEndpointName(name: string): name is EndpointName {
  return Object.hasOwn(API, name);
}

/** Statistics routes answered from the recording; everything else (get_token, 404, 405) by `fallback`. */
export function replayListener(
  options: ReplayOptions,
  tokens: TokenCheck,
  fallback: RequestListener,
): RequestListener {
  const { recording } = options;
  const answers = new Map<EndpointName, RecordedExchange>();
  for (const exchange of recording.exchanges) {
    if (exchange.probe === 'contract' && isEndpointName(exchange.endpoint))
      answers.set(exchange.endpoint, exchange);
  }
  let noted = false;
  const noteDates = (endpoint: EndpointName, body: Body) => {
    const recorded = answers.get(endpoint)?.request;
    if (noted || !recorded || body.start_date === undefined) return;
    if (body.start_date === recorded.start_date && body.end_date === recorded.end_date) return;
    noted = true;
    options.onNote?.(
      `replay: ${endpoint} asked for ${String(body.start_date)} to ${String(body.end_date)}; the recording ` +
        `holds ${recording.day} (${recording.timezone}) only, so every request gets that day's answers`,
    );
  };

  return (request, response) => {
    const endpoint = ROUTES.get(new URL(request.url ?? '/', 'http://replay').pathname);
    if (!endpoint || request.method !== 'POST') return fallback(request, response);
    void readJson(request).then(
      (body) => {
        const header = request.headers.token;
        const token = tokens.check(Array.isArray(header) ? header[0] : header);
        if (token === 'missing') return sendJson(response, 200, tokenMissing());
        if (token === 'invalid') return sendJson(response, 200, tokenInvalid());
        if (body === undefined)
          return sendJson(response, 200, inputError('Request body must be a JSON object'));
        const exchange = answers.get(endpoint);
        if (!exchange) return sendJson(response, 200, inputError(`${endpoint} is not in the recording`));
        noteDates(endpoint, body);
        if (exchange.text !== undefined) return sendText(response, exchange.status, exchange.text);
        sendJson(response, exchange.status, repaged(endpoint, exchange.body, body));
      },
      () => response.destroy(),
    );
  };
}

/**
 * The recorded rows as the whole list, cut to the page asked for. Only the paging fields the recorded
 * answer had are rewritten, each in the type it had there ("1" or 1): replay answers as the account did.
 */
function repaged(endpoint: EndpointName, recorded: unknown, request: Body): unknown {
  const { paging }: EndpointDescription = API[endpoint];
  if (!paging || !isBody(recorded) || !Array.isArray(recorded.items)) return recorded;
  const page = Math.max(1, Math.trunc(Number(request[paging.pageParam])) || 1);
  const size = Math.min(
    paging.maxSize,
    Math.max(1, Math.trunc(Number(request[paging.sizeParam])) || paging.defaultSize),
  );
  const rows = recorded.items;
  const figures = {
    page_no: page,
    page_size: size,
    page_count: Math.ceil(rows.length / size),
    total_count: rows.length,
  };
  const out: Record<string, unknown> = { ...recorded, items: rows.slice((page - 1) * size, page * size) };
  for (const [field, value] of Object.entries(figures)) {
    if (field in recorded) out[field] = typeof recorded[field] === 'string' ? String(value) : value;
  }
  return out;
}

/** The body as a JSON object; undefined when it is not one. */
async function readJson(request: IncomingMessage): Promise<Body | undefined> {
  const parsed = parseJson(await readBody(request));
  return parsed.ok && isBody(parsed.value) ? parsed.value : undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, JSON.stringify(body), 'application/json;charset=UTF-8');
}

function sendText(response: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
