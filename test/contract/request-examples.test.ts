import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_MAX_RANGE_DAYS } from '../../simulator/api/description.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/index.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { pathOf, type ReferenceSection, SECTIONS } from './reference.ts';

/**
 * Every request example of the document, sent to the simulator as printed, must be answered 000000.
 * Two things are changed, and only these: the `token` header (the examples' tokens were issued to a
 * real account; the simulator honours only the one it issued, here to the get_token example itself)
 * and the getStat body, which is not JSON as printed (see `repaired`).
 */

interface Example {
  readonly title: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/**
 * The getStat request example ("Chat Data (Paging)") prints
 *   "search_way": "2"
 *   "page": 1,
 *   "size": 15,
 * }
 * with no comma after `"search_way": "2"` and a trailing comma after `"size": 15`: invalid JSON that a
 * real client could not have sent. Exactly those two are repaired; every other example must parse as printed.
 */
const REPAIRS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'Chat Data (Paging)': [
    ['"search_way": "2"\n  "page": 1,', '"search_way": "2",\n  "page": 1,'],
    ['"size": 15,\n}', '"size": 15\n}'],
  ],
};

function repaired(title: string, body: string): string {
  let out = body;
  for (const [printed, fixed] of REPAIRS[title] ?? []) {
    if (!out.includes(printed)) throw new Error(`${title}: the printed text to repair is gone: ${printed}`);
    out = out.replace(printed, fixed);
  }
  return out;
}

/** A curl command as the document prints it; staffWorkStatis's runs `curl--location'https://…'\` together. */
function parseCurl(section: ReferenceSection): Example {
  const text = section.requestExample;
  const url =
    /curl\s*(?:--location\s*)?(?:--request \w+\s*)?'?((?:https:\/\/sg\.sobot\.io)?\/[^'\s\\]+)/.exec(
      text,
    )?.[1];
  if (!url) throw new Error(`${section.title}: no URL in the request example`);
  const headers = Object.fromEntries(
    [...text.matchAll(/--header '([^:]+):\s*([^']*)'/g)].map((m) => [(m[1] ?? '').toLowerCase(), m[2] ?? '']),
  );
  const data = /--data(?:-raw)? '([\s\S]*)'\s*$/.exec(text)?.[1];
  const method = /--request (\w+)/.exec(text)?.[1] ?? (data === undefined ? 'GET' : 'POST');
  return {
    title: section.title,
    method,
    url,
    headers,
    body: data === undefined ? undefined : repaired(section.title, data),
  };
}

const EXAMPLES = SECTIONS.map(parseCurl);
const TOKEN_EXAMPLE = EXAMPLES.find((e) => pathOf(e.url) === '/api/get_token') as Example;
const STATISTICS_EXAMPLES = EXAMPLES.filter((e) => e !== TOKEN_EXAMPLE);

async function send(sim: RunningSimulator, example: Example, token?: string) {
  const url = new URL(example.url, 'https://sg.sobot.io');
  const response = await request(`${sim.url}${url.pathname}${url.search}`, {
    method: example.method as 'GET' | 'POST',
    headers: token === undefined ? example.headers : { ...example.headers, token },
    ...(example.body === undefined ? {} : { body: example.body }),
  });
  return { status: response.statusCode, answer: (await response.body.json()) as Record<string, unknown> };
}

describe('Contract: every request example of the document is accepted by the simulator', () => {
  let sim: RunningSimulator;
  let strict: RunningSimulator;
  let tokenAnswer: Record<string, unknown>;
  let token: string;
  beforeAll(async () => {
    // "sign signature generation example: E.g.: appid = "1"; create_time="1569397773"; app_key="2"",
    // so the example's own sign is valid for these credentials. The latest example date is 2025-07-10.
    const options = {
      credentials: { appId: '1', appKey: '2' },
      clock: createFakeClock(Date.UTC(2025, 10, 12)),
    };
    sim = await startSimulator(options);
    strict = await startSimulator({ ...options, maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS });
    tokenAnswer = (await send(sim, TOKEN_EXAMPLE)).answer;
    token = (tokenAnswer.item as { token: string }).token;
  });
  afterAll(async () => {
    await sim.close();
    await strict.close();
  });

  it('has a request example in each of the 19 sections, and only getStat needs repairing', () => {
    // Assess
    expect(EXAMPLES).toHaveLength(19);
    const unparsable = STATISTICS_EXAMPLES.filter((e) => {
      const printed = SECTIONS.find((s) => s.title === e.title)?.requestExample ?? '';
      const data = /--data(?:-raw)? '([\s\S]*)'\s*$/.exec(printed)?.[1];
      if (data === undefined) return false;
      try {
        JSON.parse(data);
        return false;
      } catch {
        return true;
      }
    });
    expect(unparsable.map((e) => e.title)).toEqual(Object.keys(REPAIRS));
  });

  it('answers the get_token example, signed as the document signs it', () => {
    // Assess
    expect(TOKEN_EXAMPLE.method).toBe('GET');
    expect(tokenAnswer).toMatchObject({ ret_code: '000000', item: { expires_in: '86400' } });
  });

  it.each(STATISTICS_EXAMPLES.map((e) => [e.title, e] as const))(
    'answers the %s example 000000',
    async (_, example) => {
      // Act
      const { status, answer } = await send(sim, example, token);

      // Assess
      expect(status).toBe(200);
      expect(answer).toMatchObject({ ret_code: '000000' });
    },
  );

  it('refuses the examples that span more than 90 days when held to the documented 90', async () => {
    // Prepare
    const strictToken = ((await send(strict, TOKEN_EXAMPLE)).answer.item as { token: string }).token;

    // Act
    const refused: string[] = [];
    for (const example of STATISTICS_EXAMPLES) {
      const { answer } = await send(strict, example, strictToken);
      if (answer.ret_code === '222000') refused.push(example.title);
    }

    // Assess
    expect(refused).toEqual([
      'Chat Data (Paging)',
      'Customer Statistics-Bot Reception Data',
      'Customer Statistics-Agent Reception Data',
      'Customer Statistics-Region Distribution',
      'Agent Workload Statistics (Paging)',
      'Work Status(Paging)',
      'Query for Session Satisfaction Statistics',
      'Query for Customer Satisfaction Statistics',
    ]);
  });
});
