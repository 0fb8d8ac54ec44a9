import { describe, expect, it } from 'vitest';
import { CONDITION_REQUESTS } from '../../src/core/sections/dimensions.ts';
import { SECTIONS } from '../../src/core/sections/registry.ts';
import { partsOf } from '../../src/core/sections/section.ts';
import { decodeAnswer } from '../../src/core/sobot/decode.ts';
import { ENDPOINT_NAMES, ENDPOINTS, type EndpointName } from '../../src/core/sobot/endpoints.ts';
import { tokenResponseSchema } from '../../src/core/sobot/schemas.ts';
import { runInMemory } from '../support/in-memory-run.ts';
import { SECTIONS as REFERENCE_SECTIONS, RETURN_EXAMPLES } from './reference.ts';

/**
 * The reference's return examples as contract tests: each one, as the document prints it, read the way
 * the report reads an answer, must give the values the example shows, and none of its values may be
 * unread. Every example in reference.json is valid JSON as printed, so none needed repairing. The
 * examples are then the in-memory stats source's answers for a whole run, whose email shows them.
 */

type Example = Record<string, unknown>;

function example(endpoint: EndpointName): Example {
  const found = RETURN_EXAMPLES.get(endpoint);
  if (!found) throw new Error(`the reference has no return example for ${endpoint}`);
  return found;
}

/** The row schema the report reads an endpoint with: a section's part, else a condition list's. */
function schemaOf(endpoint: EndpointName) {
  const part = SECTIONS.flatMap((section) => partsOf(section)).find(
    (entry) => entry.part.endpoint === endpoint,
  );
  const condition = Object.values(CONDITION_REQUESTS).find((request) => request.endpoint === endpoint);
  const schema = part?.part.schema ?? condition?.schema;
  if (!schema) throw new Error(`no schema reads ${endpoint}`);
  return schema;
}

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

/** What the example's own text means: a count, a percentage as a fraction, a label. */
const MEANING = {
  number: (raw: unknown) => Number(raw),
  percent: (raw: unknown) => Math.round(Number(String(raw).replace('%', '')) * 1e6) / 1e8,
  text: (raw: unknown) => String(raw),
} as const;

/** A few key figures per example, by their path in the example (`items.0.…` or `item.…`). */
const KEY_FIGURES: Record<EndpointName, readonly [string, keyof typeof MEANING][]> = {
  getChannelList: [
    ['items.0.code', 'text'],
    ['items.0.msg', 'text'],
  ],
  getChildChannelList: [['items.0.channel_flag_key', 'text']],
  getClassificationList: [['items.0.classify_name', 'text']],
  getRobotList: [
    ['items.0.robot_flag', 'text'],
    ['items.0.robot_name', 'text'],
  ],
  getDepartmentList: [
    ['items.0.depart_id', 'text'],
    ['items.0.depart_name', 'text'],
  ],
  getGroupList: [
    ['items.0.group_id', 'text'],
    ['items.0.group_name', 'text'],
  ],
  getServiceList: [
    ['items.0.service_id', 'text'],
    ['items.0.service_name', 'text'],
  ],
  getStat: [
    ['items.0.human_consult', 'number'],
    ['items.0.human_valid_recep', 'number'],
    ['items.0.human_self_rate', 'number'],
    ['items.0.avg_staff_first_res_duration', 'number'],
  ],
  getMsgStat: [
    ['items.0.msg_human', 'number'],
    ['items.0.response_warn_rate', 'number'],
  ],
  getGeneral: [
    ['item.valid_visitor_total', 'number'],
    ['item.old_visitor_proportion', 'percent'],
    ['item.valid_visitor_total_cycle', 'percent'],
  ],
  getRobotReception: [
    ['item.robot_reception_num', 'number'],
    ['item.robot_self_reception_num_proportion', 'percent'],
  ],
  getStaffReception: [
    ['item.staff_reception_num', 'number'],
    ['item.staff_valid_reception_num_proportion', 'percent'],
  ],
  getGeographicalDistribution: [
    ['items.0.visitor_total', 'number'],
    ['items.0.country', 'text'],
  ],
  staffWorkStatis: [
    ['items.0.human_consult', 'number'],
    ['items.0.avg_first_response_time', 'number'],
    ['items.0.quiet_after_session_rate_str', 'percent'],
  ],
  getWorkLogList: [
    ['items.0.online_duration', 'number'],
    ['items.0.start_login_time', 'number'],
    ['items.0.staff_id', 'text'],
  ],
  getSatisfactionSurvey: [
    ['item.human_valid', 'number'],
    ['item.avg_comment_score', 'number'],
    ['item.comment_rate_str', 'percent'],
  ],
  getCustomerSatisfaction: [
    ['item.score5_average', 'number'],
    ['item.human_valid', 'number'],
    ['item.human_valid_change', 'percent'],
  ],
  summarySearch: [
    ['items.0.level', 'number'],
    ['items.0.details.0.total_conversation_num', 'number'],
  ],
};

describe('Contract: the reference return examples', () => {
  it('has an example for every endpoint of the catalog', () => {
    // Prepare
    const expected = [...ENDPOINT_NAMES].sort();

    // Act
    const found = [...RETURN_EXAMPLES.keys()].sort();

    // Assess
    expect(found).toEqual(expected);
  });

  it.each(ENDPOINT_NAMES.map((endpoint) => [endpoint]))(
    '%s: its example reads without an unread value and gives its own figures',
    (endpoint) => {
      // Prepare
      const json = example(endpoint);
      const { answer } = ENDPOINTS[endpoint];

      // Act
      const reading = decodeAnswer(endpoint, json, { answer, schema: schemaOf(endpoint) });

      // Assess
      expect(reading.unread).toEqual([]);
      const read = answer === 'items' ? { items: reading.rows } : { item: reading.item };
      for (const [path, meaning] of KEY_FIGURES[endpoint]) {
        expect(at(read, path), path).toEqual(MEANING[meaning](at(json, path)));
      }
    },
  );

  it('staffWorkStatis: the millisecond field and its *_str twin in the example agree to the second', () => {
    // Prepare
    const row = at(example('staffWorkStatis'), 'items.0') as Example;
    const { avg_first_response_time: ms, ...twinsOnly } = row;

    // Act
    const reading = decodeAnswer(
      'staffWorkStatis',
      { ret_code: '000000', items: [twinsOnly] },
      {
        answer: 'items',
        schema: schemaOf('staffWorkStatis'),
      },
    );

    // Assess
    expect(reading.unread).toEqual([]);
    expect(at(reading, 'rows.0.avg_first_response_time')).toBe(Math.floor(Number(ms) / 1000) * 1000);
  });

  it('getWorkLogList: its example names the day in result_date, the only day field an example uses', () => {
    // Prepare
    const json = example('getWorkLogList');

    // Act
    const reading = decodeAnswer('getWorkLogList', json, {
      answer: 'items',
      schema: schemaOf('getWorkLogList'),
    });

    // Assess
    expect(reading.dateField).toBe('result_date');
  });

  it('get_token: its example reads, expires_in as a number', () => {
    // Prepare
    const section = REFERENCE_SECTIONS.find((s) => s.path.endsWith('/api/get_token'));
    const json = JSON.parse(section?.returnExample ?? 'null') as Example;

    // Act
    const parsed = tokenResponseSchema.parse(json);

    // Assess
    expect(parsed.item?.expires_in).toBe(Number(at(json, 'item.expires_in')));
  });

  it('a whole run on the examples sends a report showing their figures, with no data-quality note but the missing days', async () => {
    // Prepare
    const items = (endpoint: EndpointName) => at(example(endpoint), 'items') as unknown[];
    const item = (endpoint: EndpointName) => at(example(endpoint), 'item');
    const chats = items('getStat');
    const data = {
      channels: items('getChannelList'),
      departments: items('getDepartmentList'),
      groups: items('getGroupList'),
      agents: items('getServiceList'),
      chatStats: chats,
      messageStats: items('getMsgStat'),
      customerOverview: item('getGeneral'),
      robotReception: item('getRobotReception'),
      staffReception: item('getStaffReception'),
      regions: items('getGeographicalDistribution'),
      agentWorkload: items('staffWorkStatis'),
      workStatus: items('getWorkLogList'),
      sessionSatisfaction: item('getSatisfactionSurvey'),
      customerSatisfaction: item('getCustomerSatisfaction'),
      serviceSummary: items('summarySearch'),
    };

    // Act
    const run = await runInMemory(data);

    // Assess
    const [email] = run.emails;
    const total = chats.reduce((sum: number, row) => sum + Number((row as Example).human_consult), 0);
    expect(email?.text).toMatch(new RegExp(`Total chats\\s+${total}\\b`));
    expect(email?.text).toMatch(
      new RegExp(`Valid customers\\s+${Number(at(item('getGeneral'), 'valid_visitor_total'))}\\b`),
    );
    expect(run.result.unreadValues).toBe(0);
    expect(run.manifest.dataQuality).toBeUndefined();
    // The getStat example is a summary_way=0 row, which names no day: as a daily answer it cannot be placed.
    expect(email?.text).toContain('The daily breakdown is unavailable');
  });
});
