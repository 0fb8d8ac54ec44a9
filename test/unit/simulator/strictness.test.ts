import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type EndpointDescription, type SimEndpointName } from '../../../simulator/api/description.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Answer, type Harness, requiredDefaults, startHarness, total } from './harness.ts';

const DATES: Record<string, Answer> = {
  'yyyy-MM-dd HH:mm:ss': { start_date: '2025-11-01 00:00:00', end_date: '2025-11-07 23:59:59' },
  'yyyy-MM-dd HH:mm': { start_date: '2025-11-01 00:00', end_date: '2025-11-07 23:59' },
  'yyyy-MM-dd': { start_date: '2025-11-01', end_date: '2025-11-07' },
};

function validBody(name: SimEndpointName): Answer {
  const spec: EndpointDescription = API[name];
  return { ...(spec.datePattern ? DATES[spec.datePattern] : {}), ...requiredDefaults(name) };
}

const REQUIRED = (Object.keys(API) as SimEndpointName[]).flatMap((name) =>
  API[name].required.map((param) => ({ name, param })),
);

describe('Simulator: as strict as the document', () => {
  let harness: Harness;
  let exampleFilters: Harness;
  beforeAll(async () => {
    harness = await startHarness({ clock: createFakeClock() });
    exampleFilters = await startHarness({ clock: createFakeClock(), workLogFilters: 'example' });
  });
  afterAll(async () => {
    await harness.close();
    await exampleFilters.close();
  });

  it.each(REQUIRED)(
    '$name refuses a request without $param, which its table marks required',
    async ({ name, param }) => {
      // Prepare
      const body = validBody(name);
      delete body[param];

      // Act
      const complete = await harness.raw(name, validBody(name));
      const without = await harness.raw(name, body);

      // Assess
      expect(complete.ret_code).toBe('000000');
      expect(without).toEqual({ ret_code: '222000', ret_msg: `Required parameter [${param}] is missing` });
    },
  );

  it('pages without page or size where the table marks them No', async () => {
    // Act
    const workload = await harness.raw('staffWorkStatis', validBody('staffWorkStatis'));
    const agents = await harness.raw('getServiceList', { search_way: 1 });

    // Assess
    expect(workload).toMatchObject({ ret_code: '000000', page_no: 1, page_size: 15 });
    expect(agents).toMatchObject({ ret_code: '000000', page_no: 1, page_size: 15 });
  });

  it('filters by the channel_flag_key getChildChannelList answers ("4_1"), not by the bare flag', async () => {
    // Prepare
    const channels = (await harness.call('getChildChannelList', { page_size: 100 })).items as Answer[];
    const channel = channels[1] as Answer;
    const range = { ...validBody('getStat'), search_way: 3, size: 100 };

    // Act
    const byKey = await harness.call('getStat', { ...range, channel_flag: channel.channel_flag_key });
    const byBareFlag = await harness.call('getStat', { ...range, channel_flag: channel.channel_flag });

    // Assess
    expect(channel.channel_flag_key).toBe(`${channel.channel_type}_${channel.channel_flag}`);
    expect(byKey.items.map((row: Answer) => row.channel_flag)).toEqual([channel.channel_flag]);
    expect(byBareFlag.items).toEqual([]);
  });

  it("honours getWorkLogList's Request param table spelling by default and ignores the example's", async () => {
    // Prepare
    const body = validBody('getWorkLogList');
    const everyone = await harness.call('getWorkLogList', { ...body, size: 100 });
    const someone = (everyone.items as Answer[])[0] as Answer;

    // Act
    const table = await harness.call('getWorkLogList', { ...body, staff_ids_param: someone.staff_id });
    const example = await harness.call('getWorkLogList', { ...body, staff_id_list: [someone.staff_id] });

    // Assess
    expect(table.items.map((row: Answer) => row.staff_id)).toEqual([someone.staff_id]);
    expect(example.total_count).toBe(everyone.total_count);
  });

  it("honours the request example's staff_id_list and group_id_list with workLogFilters 'example'", async () => {
    // Prepare
    const body = validBody('getWorkLogList');
    const everyone = await exampleFilters.call('getWorkLogList', { ...body, size: 100 });
    const someone = (everyone.items as Answer[])[0] as Answer;

    // Act
    const byStaff = await exampleFilters.call('getWorkLogList', {
      ...body,
      staff_id_list: [someone.staff_id],
    });
    const byGroup = await exampleFilters.call('getWorkLogList', {
      ...body,
      size: 100,
      group_id_list: [someone.group_id],
    });
    const tableSpelling = await exampleFilters.call('getWorkLogList', {
      ...body,
      staff_ids_param: someone.staff_id,
    });

    // Assess
    expect(byStaff.items.map((row: Answer) => row.staff_id)).toEqual([someone.staff_id]);
    expect(byGroup.items.length).toBeGreaterThan(0);
    expect(byGroup.items.every((row: Answer) => row.group_id === someone.group_id)).toBe(true);
    expect(total(byGroup.items, 'online_duration')).toBeLessThan(total(everyone.items, 'online_duration'));
    expect(tableSpelling.total_count).toBe(everyone.total_count);
  });
});
