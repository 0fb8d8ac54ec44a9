/** One page of an `items` answer. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly pageNo: number;
  readonly pageCount: number | null;
  readonly totalCount: number | null;
}

interface PaginateOptions {
  readonly pageSize: number;
  /** Pages requested at once once the page count is known; the rate limiter paces them. */
  readonly concurrency: number;
}

/**
 * Pages in order. Page 1 tells how many there are (`page_count`, else `total_count`); the rest are then
 * fetched several at a time. When neither is given (getGroupList) pages are fetched one by one until a
 * short or empty page.
 */
export async function* paginate<T>(
  fetchPage: (pageNo: number) => Promise<Page<T>>,
  options: PaginateOptions,
): AsyncGenerator<Page<T>, void, undefined> {
  const first = await fetchPage(1);
  yield first;
  if (first.items.length === 0) return;

  const lastPage = lastPageOf(first, options.pageSize);
  if (lastPage === undefined) {
    let page = first;
    for (let pageNo = 2; page.items.length >= options.pageSize; pageNo++) {
      page = await fetchPage(pageNo);
      yield page;
    }
    return;
  }

  const inFlight = new Map<number, Promise<Page<T>>>();
  let nextToRequest = 2;
  for (let pageNo = 2; pageNo <= lastPage; pageNo++) {
    while (nextToRequest <= lastPage && inFlight.size < options.concurrency) {
      const request = fetchPage(nextToRequest);
      // Handled when its turn comes; this only keeps a consumer that stops early from leaving it unhandled.
      request.catch(() => undefined);
      inFlight.set(nextToRequest, request);
      nextToRequest++;
    }
    const page = await (inFlight.get(pageNo) as Promise<Page<T>>);
    inFlight.delete(pageNo);
    yield page;
  }
}

function lastPageOf(first: Page<unknown>, pageSize: number): number | undefined {
  if (first.pageCount !== null) return first.pageCount;
  if (first.totalCount !== null) return Math.ceil(first.totalCount / pageSize);
  return undefined;
}
