import { API } from '../api/description.ts';
import { F, field, type Totals } from '../data/cells.ts';
import { momText, percentText, ratio } from '../data/format.ts';
import { type EndpointHandler, item, items, type Row } from './context.ts';
import { filterKey, standardFilter } from './filters.ts';
import { dateRange, searchWayParam } from './params.ts';
import { periodTotals } from './periods.ts';

/**
 * The customer statistics: one object of strings ("21", "66.67%") with a MoM twin (`_cycle`) per
 * value, against the same number of days just before the range; and the region distribution.
 */

type Figures = { readonly counts: Record<string, number>; readonly rates: Record<string, number> };

function withCycles(current: Figures, previous: Figures): Row {
  const row: Row = {};
  for (const [name, value] of Object.entries(current.counts)) {
    row[name] = String(value);
    row[`${name}_cycle`] = momText(value, previous.counts[name] ?? 0);
  }
  for (const [name, value] of Object.entries(current.rates)) {
    row[name] = percentText(value);
    row[`${name}_cycle`] = momText(value, previous.rates[name] ?? 0);
  }
  return row;
}

function customerHandler(
  name: 'getGeneral' | 'getRobotReception' | 'getStaffReception',
  figures: (s: Totals) => Figures,
): EndpointHandler {
  const spec = API[name];
  return (data, request) => {
    const { body } = request;
    const range = dateRange(request, spec.datePattern);
    searchWayParam(body, spec.searchWay);
    const filter = standardFilter(body);
    const key = `${name}:${range.fromDay}:${range.toDay}:${filterKey(filter)}`;
    return data.answers.getOrCompute(key, () => {
      const { current, previous } = periodTotals(data, range, filter);
      return item(withCycles(figures(current), figures(previous)));
    });
  };
}

function generalFigures(s: Totals): Figures {
  const valid = field(s, F.human_valid);
  const fresh = field(s, F.new_visitors);
  return {
    counts: { valid_visitor_total: valid, new_visitor_num: fresh, old_visitor_num: valid - fresh },
    rates: {
      old_visitor_proportion: ratio(valid - fresh, valid),
      one_time_solution_rate: ratio(field(s, F.quiet_after_session), field(s, F.last_staff_consult)),
    },
  };
}

function robotFigures(s: Totals): Figures {
  const transferred = field(s, F.robot_total_transfer);
  const valid = field(s, F.robot_valid);
  const selfServed = field(s, F.robot_consult) - transferred - field(s, F.robot_self_invalid);
  return {
    counts: {
      robot_reception_num: field(s, F.robot_consult),
      robot_reception_valid_num: valid,
      robot_self_reception_num: selfServed,
      transfer_to_staff_num: transferred,
      robot_to_staff_active: field(s, F.robot_to_staff_active),
      trigger_to_manual_num: field(s, F.trigger_to_manual),
      robot_to_staff_trigger_key_word: field(s, F.robot_to_staff_trigger_key_word),
    },
    rates: {
      robot_self_reception_num_proportion: ratio(selfServed, valid),
      robot_to_staff_active_proportion: ratio(field(s, F.robot_to_staff_active), transferred),
      trigger_to_manual_num_proportion: ratio(field(s, F.trigger_to_manual), transferred),
      robot_to_staff_trigger_key_word_proportion: ratio(
        field(s, F.robot_to_staff_trigger_key_word),
        transferred,
      ),
    },
  };
}

function staffFigures(s: Totals): Figures {
  const consult = field(s, F.human_consult);
  const received = consult - field(s, F.human_not_recep);
  const validReception = field(s, F.human_valid_recep);
  return {
    counts: {
      staff_reception_num: consult,
      staff_self_reception_num: received,
      staff_valid_reception_num: validReception,
    },
    rates: {
      staff_self_reception_num_proportion: ratio(received, consult),
      staff_valid_reception_num_proportion: ratio(validReception, consult),
    },
  };
}

export const getGeneral = customerHandler('getGeneral', generalFigures);
export const getRobotReception = customerHandler('getRobotReception', robotFigures);
export const getStaffReception = customerHandler('getStaffReception', staffFigures);

/** Largest-remainder apportionment: integer shares of `total` in proportion to `weights`, summing to it. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((x, y) => y.r - x.r || x.i - y.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
  }
  return shares;
}

export const getGeographicalDistribution: EndpointHandler = (data, request) => {
  const { body } = request;
  const range = dateRange(request, API.getGeographicalDistribution.datePattern);
  searchWayParam(body, API.getGeographicalDistribution.searchWay);
  const filter = standardFilter(body);
  const key = `regions:${range.fromDay}:${range.toDay}:${filterKey(filter)}`;
  return data.answers.getOrCompute(key, () => {
    const { current } = periodTotals(data, range, filter);
    const { regions } = data.account;
    const weights = regions.map((r) => r.weight);
    const fresh = field(current, F.new_visitors);
    const newShares = apportion(fresh, weights);
    const oldShares = apportion(field(current, F.human_valid) - fresh, weights.slice().reverse()).reverse();
    return items(
      regions
        .map((region, i) => ({ region, fresh: newShares[i] ?? 0, returning: oldShares[i] ?? 0 }))
        .filter((r) => r.fresh + r.returning > 0)
        .sort((x, y) => y.fresh + y.returning - (x.fresh + x.returning))
        .map(({ region, fresh: n, returning: o }) => ({
          id: region.id,
          country: region.country,
          province: region.province,
          visitor_total: String(n + o),
          new_visitor_num: String(n),
          old_visitor_num: String(o),
        })),
    );
  });
};
