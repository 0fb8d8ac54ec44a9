import { describe, expect, it } from 'vitest';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import { type Page, paginate } from '../../../src/adapters/sobot/paginate.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';
import { BASE_URL, createMockSobot, createStaticTokens, ok } from './mock-sobot.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function page(pageNo: number, counts: Partial<Page<number>> = {}, size = 2): Page<number> {
  return {
    items: Array.from({ length: size }, () => pageNo),
    pageNo,
    pageCount: null,
    totalCount: null,
    ...counts,
  };
}

describe('Function: paginate', () => {
  it('keeps at most `concurrency` pages in flight and yields them in order when later ones finish first', async () => {
    // Prepare
    const pending = new Map<number, ReturnType<typeof deferred<Page<number>>>>();
    let inFlight = 0;
    let mostInFlight = 0;
    const fetchPage = (pageNo: number) => {
      if (pageNo === 1) return Promise.resolve(page(1, { pageCount: 9 }));
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const d = deferred<Page<number>>();
      pending.set(pageNo, d);
      return d.promise.finally(() => inFlight--);
    };
    const yielded: number[] = [];

    // Act
    const consuming = (async () => {
      for await (const p of paginate(fetchPage, { pageSize: 2, concurrency: 3 })) yielded.push(p.pageNo);
    })();
    for (let settled = 0; settled < 8; ) {
      await new Promise((r) => setImmediate(r));
      const newest = [...pending.keys()].sort((a, b) => b - a);
      for (const pageNo of newest) {
        pending.get(pageNo)?.resolve(page(pageNo));
        pending.delete(pageNo);
        settled++;
      }
    }
    await consuming;

    // Assess
    expect(yielded).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(mostInFlight).toBe(3);
  });

  it('derives the page count from total_count when page_count is absent', async () => {
    // Prepare
    const requested: number[] = [];
    const fetchPage = async (pageNo: number) => {
      requested.push(pageNo);
      return page(pageNo, { totalCount: 5 });
    };

    // Act
    for await (const _ of paginate(fetchPage, { pageSize: 2, concurrency: 5 })) {
      // drain
    }

    // Assess
    expect(requested.sort()).toEqual([1, 2, 3]);
  });

  it('stops after the first page when it is empty', async () => {
    // Prepare
    const requested: number[] = [];
    const fetchPage = async (pageNo: number) => {
      requested.push(pageNo);
      return page(pageNo, { pageCount: 4 }, 0);
    };

    // Act
    for await (const _ of paginate(fetchPage, { pageSize: 2, concurrency: 5 })) {
      // drain
    }

    // Assess
    expect(requested).toEqual([1]);
  });
});

describe('Function: createSobotClient paging without counts', () => {
  it('reads getGroupList page by page until a short page', async () => {
    // Prepare
    const sobot = createMockSobot();
    const sizes = [100, 100, 3];
    sobot.on('getGroupList', (body) => {
      const n = sizes[Number(body.page) - 1] ?? 0;
      return ok({
        page_no: Number(body.page),
        page_size: 100,
        items: Array.from({ length: n }, (_, i) => ({ group_id: `g${i}` })),
      });
    });
    const client = createSobotClient({
      baseUrl: BASE_URL,
      tokenProvider: createStaticTokens().provider,
      fetch: sobot.fetch,
      clock: createFakeClock(),
    });

    // Act
    const rows = (await client.fetch(stats.groups())) as unknown[];

    // Assess
    expect(rows).toHaveLength(203);
    expect(sobot.requests.map((r) => r.body.page)).toEqual(['1', '2', '3']);
    await sobot.close();
  });

  it('stops on an empty page after a full one', async () => {
    // Prepare
    const sobot = createMockSobot();
    sobot.on('getGroupList', (body) =>
      ok({ items: body.page === '1' ? Array.from({ length: 100 }, (_, i) => ({ group_id: `g${i}` })) : [] }),
    );
    const client = createSobotClient({
      baseUrl: BASE_URL,
      tokenProvider: createStaticTokens().provider,
      fetch: sobot.fetch,
      clock: createFakeClock(),
    });

    // Act
    const rows = (await client.fetch(stats.groups(['d1']))) as unknown[];

    // Assess
    expect(rows).toHaveLength(100);
    expect(client.calls()).toBe(2);
    await sobot.close();
  });

  it('asks for no further page once the signal passed to fetch aborts', async () => {
    // Prepare: pages 1 to 3 are full, so without the abort page 4 would be asked for too.
    const sobot = createMockSobot();
    const controller = new AbortController();
    sobot.on('getGroupList', (body) => {
      if (body.page === '2') controller.abort(new Error('report cancelled'));
      const full = Number(body.page) <= 3;
      return ok({ items: full ? Array.from({ length: 100 }, (_, i) => ({ group_id: `g${i}` })) : [] });
    });
    const client = createSobotClient({
      baseUrl: BASE_URL,
      tokenProvider: createStaticTokens().provider,
      fetch: sobot.fetch,
      clock: createFakeClock(),
    });

    // Act
    const error = await client.fetch(stats.groups(), { signal: controller.signal }).catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toBe('report cancelled');
    expect(sobot.requests.map((r) => r.body.page)).toEqual(['1', '2']);
    await sobot.close();
  });
});
