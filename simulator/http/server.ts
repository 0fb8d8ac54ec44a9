import type { IncomingMessage, ServerResponse } from 'node:http';
import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../../src/core/clock.ts';
import {
  API,
  type EndpointDescription,
  RET_CODES,
  type SimEndpointName,
  STATISTICS_REQUEST,
  TOKEN_ENDPOINT,
} from '../api/description.ts';
import type { EndpointAnswer, Row, SimData, SimRules } from '../endpoints/context.ts';
import { HANDLERS } from '../endpoints/index.ts';
import { type Body, missing, missingRequired, pageParams, SimulatorInputError } from '../endpoints/params.ts';
import type { Fault } from '../types.ts';
import { isBody, parseJson, readBody } from './body.ts';
import type { Drift } from './drift.ts';
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
  readonly rules: SimRules;
  /** Set with the `drift` option: answers drift from the document (see drift.ts). */
  readonly drift: Drift | undefined;
}

type Route = SimEndpointName | 'get_token';

const ROUTES = new Map<string, Route>([
  [TOKEN_ENDPOINT.path, 'get_token'],
  ...Object.entries(API).map(([name, spec]) => [spec.path, name as SimEndpointName] as const),
]);

/** Reference, request headers: an absent or unknown timezoneid means Asia/Shanghai. */
const DEFAULT_ZONE = STATISTICS_REQUEST.headers.timezoneid;

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

/** The answer's envelope, with the paging fields the endpoint's return example carries, and no others. */
function succeed(
  name: SimEndpointName,
  answer: EndpointAnswer,
  body: Body,
  drift: Drift | undefined,
): Envelope {
  const base = { ret_code: RET_CODES.ok, ret_msg: 'Succeed' };
  const spec: EndpointDescription = API[name];
  const drifted = (row: Row) => (drift && spec.datePattern ? drift.row(name, row) : row);
  if (answer.kind === 'item') return { ...base, item: drifted(answer.item) };
  if (!spec.paging) return { ...base, items: answer.rows.slice(0, answer.rows.length).map(drifted) };
  const { page, size } = pageParams(body, spec.paging);
  const values = {
    page_no: page,
    page_count: Math.ceil(answer.rows.length / size),
    total_count: answer.rows.length,
    page_size: size,
  };
  const paging = Object.fromEntries(spec.paging.answers.map((field) => [field, values[field]]));
  return { ...base, ...paging, items: answer.rows.slice((page - 1) * size, page * size).map(drifted) };
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
    const expectedMethod = route === 'get_token' ? TOKEN_ENDPOINT.method : API[route].method;
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
    if (!result.ok) return failure(RET_CODES.inputError, result.message);
    this.parts.stats.tokenIssued();
    return {
      item: { token: result.token, expires_in: String(result.expiresIn) },
      ret_code: RET_CODES.ok,
      ret_msg: 'success',
    };
  }

  private answer(
    name: SimEndpointName,
    request: IncomingMessage,
    parsed: ReturnType<typeof parseJson>,
  ): Envelope {
    const { tokens, limiter, data, clock, rules, drift } = this.parts;
    const header = request.headers.token;
    const check = tokens.check(Array.isArray(header) ? header[0] : header);
    if (check === 'missing') return tokenMissing();
    if (check === 'invalid') return tokenInvalid();
    const admission = limiter.admit(name);
    if (!admission.ok) return tooFrequent(admission.waitSeconds, limiter.calls, limiter.windowMs);
    if (!parsed.ok || !isBody(parsed.value)) return inputError('Request body must be a JSON object');
    const body = parsed.value;
    const absent = missingRequired(body, API[name].required);
    if (absent !== undefined) return inputError(missing(absent));
    const zone = zoneOf(request);
    try {
      const now = DateTime.fromMillis(clock.now(), { zone });
      const answer = HANDLERS[name](data, { body, zone, now, rules });
      return succeed(name, answer, body, drift);
    } catch (error) {
      if (error instanceof SimulatorInputError) return inputError(error.message);
      throw error;
    }
  }
}
