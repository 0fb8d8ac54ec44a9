import type { IncomingMessage, ServerResponse } from 'node:http';
import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../../src/core/clock.ts';
import { ENDPOINTS, type EndpointName, RET_CODE, TOKEN_PATH } from '../../src/core/sobot/endpoints.ts';
import type { EndpointAnswer, SimData } from '../endpoints/context.ts';
import { HANDLERS } from '../endpoints/index.ts';
import { type Body, pageParams, SimulatorInputError } from '../endpoints/params.ts';
import type { Fault } from '../types.ts';
import type { FaultBook } from './faults.ts';
import type { SlidingWindowLimiter } from './rate-limiter.ts';
import {
  alterFields,
  type Envelope,
  failure,
  inputError,
  internalError,
  tokenInvalid,
  tokenMissing,
  tooFrequent,
} from './responses.ts';
import type { StatsRecorder } from './stats.ts';
import type { TokenStore } from './tokens.ts';

interface SimulatorParts {
  readonly data: SimData;
  readonly tokens: TokenStore;
  readonly limiter: SlidingWindowLimiter;
  readonly faults: FaultBook;
  readonly stats: StatsRecorder;
  readonly clock: Clock;
}

type Route = EndpointName | 'get_token';

const ROUTES = new Map<string, Route>([
  [TOKEN_PATH, 'get_token'],
  ...Object.entries(ENDPOINTS).map(([name, spec]) => [spec.path, name as EndpointName] as const),
]);

/** Reference, request headers: an absent or unknown timezoneid means Asia/Shanghai. */
const DEFAULT_ZONE = 'Asia/Shanghai';

// Only valid zones are remembered, so the set is bounded by the IANA database.
const validZones = new Set<string>();

function zoneOf(request: IncomingMessage): string {
  const header = request.headers.timezoneid;
  const zone = Array.isArray(header) ? header[0] : header;
  if (!zone) return DEFAULT_ZONE;
  if (validZones.has(zone)) return zone;
  if (!IANAZone.isValidZone(zone)) return DEFAULT_ZONE;
  validZones.add(zone);
  return zone;
}

function recordedHeaders(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'token' || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendJson(response: ServerResponse, envelope: Envelope, truncate: boolean): void {
  let text = JSON.stringify(envelope);
  if (truncate) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  response.writeHead(200, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendPlain(response: ServerResponse, status: number, contentType: string, text: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function succeed(name: EndpointName, answer: EndpointAnswer, body: Body): Envelope {
  const base = { ret_code: RET_CODE.ok, ret_msg: 'Succeed' };
  if (answer.kind === 'item') return { ...base, item: answer.item };
  const spec = ENDPOINTS[name];
  if (spec.paging === 'none') return { ...base, items: answer.rows.slice(0, answer.rows.length) };
  const { page, size } = pageParams(body, spec.paging);
  const pageItems = answer.rows.slice((page - 1) * size, page * size);
  // Reference, getGroupList's return example: page_no and page_size only, no counts.
  if (name === 'getGroupList') return { ...base, page_no: page, page_size: size, items: pageItems };
  return {
    ...base,
    page_no: page,
    page_count: Math.ceil(answer.rows.length / size),
    page_size: size,
    total_count: answer.rows.length,
    items: pageItems,
  };
}

export class SimulatorRequestHandler {
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly parts: SimulatorParts;

  constructor(parts: SimulatorParts) {
    this.parts = parts;
  }

  readonly listener = (request: IncomingMessage, response: ServerResponse): void => {
    this.handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, internalError(), false);
      else response.destroy();
    });
  };

  /** Ends pending slow-fault delays so close() does not wait on them. */
  cancelDelays(): void {
    for (const pending of this.pendingDelays) {
      clearTimeout(pending.timer);
      pending.resolve();
    }
    this.pendingDelays.clear();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.pendingDelays.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.pendingDelays.add(pending);
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const route = ROUTES.get(url.pathname);
    const text = await readBody(request);
    if (!route) return sendPlain(response, 404, 'text/plain', 'Not Found');
    const expectedMethod = route === 'get_token' ? 'GET' : 'POST';
    if (request.method !== expectedMethod)
      return sendPlain(response, 405, 'text/plain', 'Method Not Allowed');

    const { stats, faults, clock } = this.parts;
    const parsed = route === 'get_token' ? { ok: true as const, value: {} } : parseJson(text);
    stats.record({
      endpoint: route,
      method: request.method ?? '',
      at: clock.now(),
      body:
        route === 'get_token'
          ? { appid: url.searchParams.get('appid'), create_time: url.searchParams.get('create_time') }
          : parsed.ok
            ? parsed.value
            : text,
      headers: recordedHeaders(request),
    });

    const firing = faults.take(route);
    const delayMs = firing.reduce((sum, f) => sum + (f.kind === 'slow' ? f.delayMs : 0), 0);
    if (delayMs > 0) await this.delay(delayMs);
    // The request stream itself is already finished (auto-destroyed once read); the socket tells whether the client is still there.
    if (request.socket.destroyed || response.destroyed) return;

    const shortCircuit = firing.find((f) =>
      ['reset', 'http502', 'rateLimit', 'internalError'].includes(f.kind),
    );
    if (shortCircuit?.kind === 'reset') {
      request.socket.destroy();
      return;
    }
    if (shortCircuit?.kind === 'http502') {
      return sendPlain(response, 502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    const truncate = firing.some((f) => f.kind === 'malformedJson');
    const finish = (envelope: Envelope) => sendJson(response, this.alter(envelope, firing), truncate);
    if (shortCircuit?.kind === 'rateLimit') {
      const { limiter } = this.parts;
      return finish(tooFrequent(shortCircuit.waitSeconds ?? 60, limiter.calls, limiter.windowMs));
    }
    if (shortCircuit?.kind === 'internalError') return finish(internalError());
    if (firing.some((f) => f.kind === 'invalidateToken')) this.parts.tokens.invalidate();

    if (route === 'get_token') return finish(this.issueToken(url.searchParams));
    return finish(this.answer(route, request, parsed));
  }

  private alter(envelope: Envelope, firing: readonly Fault[]): Envelope {
    let out = envelope;
    for (const fault of firing) {
      if (fault.kind === 'dropField' || fault.kind === 'renameField') out = alterFields(out, fault);
    }
    return out;
  }

  private issueToken(query: URLSearchParams): Envelope {
    const result = this.parts.tokens.issue(query);
    // The reference does not document a wrong sign; the simulator answers it as an input error.
    if (!result.ok) return failure(RET_CODE.inputError, result.message);
    this.parts.stats.tokenIssued();
    return {
      item: { token: result.token, expires_in: String(result.expiresIn) },
      ret_code: RET_CODE.ok,
      ret_msg: 'success',
    };
  }

  private answer(
    name: EndpointName,
    request: IncomingMessage,
    parsed: ReturnType<typeof parseJson>,
  ): Envelope {
    const { tokens, limiter, data, clock } = this.parts;
    const header = request.headers.token;
    const check = tokens.check(Array.isArray(header) ? header[0] : header);
    if (check === 'missing') return tokenMissing();
    if (check === 'invalid') return tokenInvalid();
    const admission = limiter.admit(name);
    if (!admission.ok) return tooFrequent(admission.waitSeconds, limiter.calls, limiter.windowMs);
    if (!parsed.ok || !isBody(parsed.value)) return inputError('Request body must be a JSON object');
    const body = parsed.value;
    const zone = zoneOf(request);
    try {
      const answer = HANDLERS[name](data, { body, zone, now: DateTime.fromMillis(clock.now(), { zone }) });
      return succeed(name, answer, body);
    } catch (error) {
      if (error instanceof SimulatorInputError) return inputError(error.message);
      throw error;
    }
  }
}
