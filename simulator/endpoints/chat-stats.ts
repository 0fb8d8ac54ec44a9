import { API } from '../api/description.ts';
import { bucketsOf, type PeriodBucket } from '../data/calendar.ts';
import type { Totals } from '../data/cells.ts';
import { type EndpointHandler, lazyItems, type Row } from './context.ts';
import { dimensionOf } from './dimensions.ts';
import { filterKey, selectAgents, standardFilter } from './filters.ts';
import { chatFigures, hasChats, messageFigures } from './metrics.ts';
import { dateRange, searchWayParam, summaryWayParam } from './params.ts';

/**
 * getStat and getMsgStat: one row per dimension value (summary_way 0), or per period and dimension
 * value (1 daily, 2 weekly, 3 monthly), in date order then dimension order. Breakdown rows carry
 * `show_date`/`real_date` like summary/search's details. Both endpoints keep the same rows, so
 * their figures line up.
 */
function breakdown(name: 'getStat' | 'getMsgStat', figures: (s: Totals) => Row): EndpointHandler {
  const spec = API[name];
  return ({ account, activity, answers }, request) => {
    const { body } = request;
    const range = dateRange(request, spec.datePattern);
    const searchWay = searchWayParam(body, spec.searchWay);
    const summaryWay = summaryWayParam(body);
    const filter = standardFilter(body);
    const key = `${name}:${range.fromDay}:${range.toDay}:${searchWay}:${summaryWay}:${filterKey(filter)}`;
    return answers.getOrCompute(key, () => {
      const dimension = dimensionOf(account, searchWay);
      const buckets = bucketsOf(range.fromDay, range.toDay, summaryWay);
      const sums = activity.byBucketAndDimension(
        range.fromDay,
        range.toDay,
        buckets,
        selectAgents(account, filter),
        dimension.indexOf,
        dimension.count,
      );
      const present: { bucket: PeriodBucket; k: number; cell: Totals }[] = [];
      buckets.forEach((bucket, b) => {
        sums[b]?.forEach((cell, k) => {
          if (hasChats(cell)) present.push({ bucket, k, cell });
        });
      });
      return lazyItems(present.length, (i) => {
        const { bucket, k, cell } = present[i] as (typeof present)[number];
        const period = summaryWay === 0 ? {} : { show_date: bucket.showDate, real_date: bucket.realDate };
        return { ...period, ...dimension.fields(k), ...figures(cell) };
      });
    });
  };
}

export const getStat = breakdown('getStat', chatFigures);
export const getMsgStat = breakdown('getMsgStat', messageFigures);
