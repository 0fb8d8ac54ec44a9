import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createSobotClient } from '../../src/adapters/sobot/client.ts';
import { ENDPOINT_NAMES, ENDPOINTS } from '../../src/core/sobot/endpoints.ts';
import { RETURN_EXAMPLES } from './reference.ts';

/**
 * The reference's return examples through the real Sobot client (its transport, envelope and paging
 * checks, retries and limiter), with a fetch that answers each endpoint's example as printed. The client
 * must take every example as an answer and hand its rows on unchanged: reading the values is the core's
 * (return-examples.test.ts). An example's paging fields may promise more pages than the one printed
 * (getStat's says 37); the client asks for each, and the fetch answers each with the printed page.
 */

type Example = Readonly<Record<string, unknown>>;

function clientAnswering(printed: Example) {
  const pagesAsked: unknown[] = [];
  const client = createSobotClient({
    tokenProvider: { token: async () => 'contract-token', refresh: async () => 'contract-token' },
    baseUrl: 'https://sobot.example',
    rateLimit: { calls: 1_000, windowMs: 60_000 },
    fetch: async (_url, init) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      pagesAsked.push(body.page ?? body.page_no);
      const page = Number(body.page ?? body.page_no ?? 1);
      const answer = 'page_no' in printed ? { ...printed, page_no: page } : printed;
      return new Response(JSON.stringify(answer), {
        status: 200,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
      });
    },
  });
  return { client, pagesAsked };
}

describe('Contract: the reference return examples through the Sobot client', () => {
  it.each(ENDPOINT_NAMES)(
    '%s: the client takes the example as an answer and hands its rows on as printed',
    async (endpoint) => {
      // Prepare
      const printed = RETURN_EXAMPLES.get(endpoint);
      if (!printed) throw new Error(`the reference has no return example for ${endpoint}`);
      const { client, pagesAsked } = clientAnswering(printed);

      // Act
      const answer = await client.fetch({ endpoint, params: {}, schema: z.unknown() });

      // Assess
      if (ENDPOINTS[endpoint].answer === 'item') {
        expect(answer).toEqual(printed.item);
        return;
      }
      const items = printed.items as unknown[];
      const rows = answer as unknown[];
      expect(rows.slice(0, items.length)).toEqual(items);
      const promised = Number(printed.page_count ?? 1);
      expect(pagesAsked.length).toBe(ENDPOINTS[endpoint].paging === 'none' ? 1 : Math.max(1, promised));
      expect(rows).toHaveLength(items.length * pagesAsked.length);
    },
  );
});
