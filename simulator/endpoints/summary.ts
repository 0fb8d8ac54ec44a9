import { API } from '../api/description.ts';
import type { SimClassification } from '../data/account.ts';
import { bucketsOf } from '../data/calendar.ts';
import { DETAIL_FIELDS, DETAIL_WIDTH } from '../data/classified.ts';
import { type EndpointHandler, items, type Row } from './context.ts';
import { type Body, dateRange, listParam, SimulatorInputError, summaryWayParam } from './params.ts';

/**
 * summary/search: one item per service classification (the requested `level_classifys`, or every
 * level-1 classification), with one `details` entry per period bucket that had tagged chats.
 * A level-1 classification counts the chats of its level-2 children.
 */

function requestedClassifications(body: Body, all: readonly SimClassification[]): SimClassification[] {
  const raw = body.level_classifys;
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
    return all.filter((c) => c.level === 1);
  }
  if (!Array.isArray(raw))
    throw new SimulatorInputError('[level_classifys] must be a list of {classify_id, level}');
  return raw.flatMap((entry: unknown) => {
    const id = typeof entry === 'object' && entry !== null ? String((entry as Row).classify_id ?? '') : '';
    const found = all.find((c) => c.id === id);
    return found ? [found] : [];
  });
}

export const summarySearch: EndpointHandler = (data, request) => {
  const { body } = request;
  const range = dateRange(request, API.summarySearch.datePattern);
  const summaryWay = summaryWayParam(body);
  const groupIds = listParam(body, 'group_ids_param');
  const classifications = requestedClassifications(body, data.account.classifications);
  const key = `summary:${range.fromDay}:${range.toDay}:${summaryWay}:${JSON.stringify([groupIds, classifications.map((c) => c.id)])}`;
  return data.answers.getOrCompute(key, () => {
    const groups = data.account.groups
      .filter((g) => groupIds === undefined || groupIds.includes(g.id))
      .map((g) => g.index);
    const buckets = bucketsOf(range.fromDay, range.toDay, summaryWay).map((bucket) => ({
      bucket,
      leaves: data.classified.sumLeaves(bucket.firstDay, bucket.lastDay, groups),
    }));
    const rows: Row[] = [];
    for (const classification of classifications) {
      const details: Row[] = [];
      for (const { bucket, leaves } of buckets) {
        const detail: Row = { show_date: bucket.showDate, real_date: bucket.realDate };
        DETAIL_FIELDS.forEach((name, f) => {
          detail[name] = classification.leafIndexes.reduce(
            (sum, leaf) => sum + (leaves[leaf * DETAIL_WIDTH + f] ?? 0),
            0,
          );
        });
        if ((detail.total_conversation_num as number) > 0) details.push(detail);
      }
      if (details.length === 0) continue;
      rows.push({
        details,
        level: String(classification.level),
        classify_id: classification.id,
        classify_show_name: classification.name,
      });
    }
    return items(rows);
  });
};
