import type { Socket } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SobotServerError,
  SobotTransportError,
  SobotUnexpectedAnswerError,
} from '../../../src/adapters/sobot/errors.ts';
import { exchangeJson, type HttpCall } from '../../../src/adapters/sobot/transport.ts';
import { startLocalServer } from './local-server.ts';
import { BASE_URL, createMockSobot, fetchThrough } from './mock-sobot.ts';

/** One exchange with Node's fetch API, against a real loopback server or undici's MockAgent. */
describe('Function: exchangeJson', () => {
  let cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  async function serve(handle: Parameters<typeof startLocalServer>[0]) {
    const server = await startLocalServer(handle);
    cleanup.push(server.close);
    const call = (overrides: Partial<HttpCall> = {}): Promise<unknown> =>
      exchangeJson({
        endpoint: 'getRobotList',
        url: `${server.url}/api/robots`,
        method: 'POST',
        body: {},
        fetch: server.fetch,
        timeoutMs: 5_000,
        maxResponseBytes: 1024 * 1024,
        ...overrides,
      });
    return { server, call };
  }

  it('posts the body as JSON with the given headers and decodes the answer', async () => {
    // Prepare
    const seen: { method?: string; token?: string; body?: string } = {};
    const { call } = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        Object.assign(seen, { method: request.method, token: request.headers.token, body });
        response.end('{"ret_code":"000000","items":[]}');
      });
    });

    // Act
    const answer = await call({ headers: { token: 'token-abc' }, body: { page_no: 1 } });

    // Assess
    expect(answer).toEqual({ ret_code: '000000', items: [] });
    expect(seen).toEqual({ method: 'POST', token: 'token-abc', body: '{"page_no":1}' });
  });

  it('reads an answer that starts with a byte-order mark', async () => {
    // Prepare
    const { call } = await serve((_request, response) => response.end('\uFEFF{"ret_code":"000000"}'));

    // Act
    const answer = await call();

    // Assess
    expect(answer).toEqual({ ret_code: '000000' });
  });

  it('answers a redirect with SobotUnexpectedAnswerError and does not follow it', async () => {
    // Prepare
    const paths: string[] = [];
    const { call } = await serve((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(302, { location: '/elsewhere' }).end();
    });

    // Act
    const error = await call().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotUnexpectedAnswerError);
    expect(error).toMatchObject({ endpoint: 'getRobotList', httpStatus: 302 });
    expect(paths).toEqual(['/api/robots']);
  });

  it('reads past an error answer of 64 KiB so the connection is reused, and drops the connection of one of 1 MiB', async () => {
    // Prepare: one connection at most, so a call after another takes the same socket unless it was dropped
    const sockets = new Set<Socket>();
    let errorBody = 'x'.repeat(64 * 1024);
    const { server, call } = await serve((request, response) => {
      sockets.add(request.socket);
      if (request.url === '/fail') response.writeHead(503).end(errorBody);
      else response.end('{"ret_code":"000000"}');
    });
    const agent = new Agent({ connections: 1 });
    cleanup.push(() => agent.destroy());
    const oneConnection = { fetch: fetchThrough(agent) };
    const failing = () => call({ ...oneConnection, url: `${server.url}/fail` }).catch((e: unknown) => e);

    // Act
    const small = await failing();
    await call(oneConnection);
    const afterSmall = sockets.size;
    errorBody = 'x'.repeat(1024 * 1024);
    const large = await failing();
    await call(oneConnection);

    // Assess
    expect(small).toBeInstanceOf(SobotServerError);
    expect(large).toMatchObject({ name: 'SobotServerError', httpStatus: 503 });
    expect(afterSmall).toBe(1);
    expect(sockets.size).toBe(2);
  });

  it('names a connection dropped halfway through the body a reset', async () => {
    // Prepare
    const { call } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"ret_code":');
      response.socket?.destroy();
    });

    // Act
    const error = await call().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotTransportError);
    expect(error).toMatchObject({ failure: 'reset' });
  });

  it('names a reset the dispatcher reports a reset', async () => {
    // Prepare
    const sobot = createMockSobot();
    cleanup.push(sobot.close);
    sobot.pool
      .intercept({ path: '/api/robots', method: 'POST' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    // Act
    const error = await exchangeJson({
      endpoint: 'getRobotList',
      url: `${BASE_URL}/api/robots`,
      method: 'POST',
      fetch: sobot.fetch,
      timeoutMs: 5_000,
      maxResponseBytes: 1024,
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotTransportError);
    expect(error).toMatchObject({ failure: 'reset' });
  });

  it('names a refused connection a network failure', async () => {
    // Prepare: a port that was free a moment ago
    const { call } = await serve(() => {});
    const gone = await startLocalServer(() => {});
    await gone.close();

    // Act
    const error = await call({ url: `${gone.url}/api/robots` }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotTransportError);
    expect(error).toMatchObject({ failure: 'network' });
  });

  it('times out a body that stops halfway, the timeout covering the whole exchange', async () => {
    // Prepare
    const { call } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"ret_code":');
    });

    // Act
    const error = await call({ timeoutMs: 50 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotTransportError);
    expect(error).toMatchObject({ failure: 'timeout' });
  });

  it("rethrows the caller's abort reason as is when it aborts halfway through the body", async () => {
    // Prepare: the abort comes once the headers are in, while the rest of the body never does
    const controller = new AbortController();
    const reason = new Error('deadline');
    const { server, call } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"ret_code":');
    });
    const fetchThenAbort: typeof fetch = async (input, init) => {
      const response = await server.fetch(input, init);
      controller.abort(reason);
      return response;
    };

    // Act
    const error = await call({ signal: controller.signal, fetch: fetchThenAbort }).catch((e: unknown) => e);

    // Assess
    expect(error).toBe(reason);
  });
});
