import { API } from '../api/description.ts';
import { F, field, type Totals } from '../data/cells.ts';
import { momText, percentText, ratio } from '../data/format.ts';
import { type EndpointHandler, item, type Row } from './context.ts';
import { filterKey, standardFilter } from './filters.ts';
import { dateRange, searchWayParam } from './params.ts';
import { periodTotals } from './periods.ts';
import { feedbackTotal, ratingsOf } from './satisfaction-figures.ts';

/**
 * Satisfaction statistics. getSatisfactionSurvey answers counts as numbers and rates as strings,
 * each with a `_ratio` MoM twin; getCustomerSatisfaction answers everything as strings with a
 * `_change` twin (both as in the reference's examples).
 */

type Value = { readonly value: number; readonly kind: 'count' | 'rate' | 'average' };
const count = (value: number): Value => ({ value, kind: 'count' });
const rate = (value: number): Value => ({ value, kind: 'rate' });
const average = (value: number): Value => ({ value, kind: 'average' });

function render(value: Value, countsAsText: boolean): unknown {
  if (value.kind === 'rate') return percentText(value.value);
  if (value.kind === 'average') return value.value.toFixed(2);
  return countsAsText ? String(value.value) : value.value;
}

function surveyFigures(s: Totals): Record<string, Value> {
  const valid = field(s, F.human_valid);
  const feedback = feedbackTotal(s);
  const r = ratingsOf(s);
  const solved = field(s, F.evaluation_solved);
  const notSolved = field(s, F.evaluation_not_solved);
  const level2 = field(s, F.level2_score5) + field(s, F.level2_score1);
  const out: Record<string, Value> = {
    human_valid: count(valid),
    total_times: count(feedback),
    score_total_times: count(r.starTotal),
    nps_total_times: count(r.npsTotal),
    comment_rate_str: rate(ratio(feedback, valid)),
    valid_reception_comment_rate_str: rate(ratio(feedback, field(s, F.human_valid_recep))),
    initiative: count(field(s, F.feedback_initiative)),
    customer_initiative_rate_str: rate(ratio(field(s, F.feedback_initiative), feedback)),
    invite_counts_rate_str: rate(ratio(field(s, F.invite_counts), valid)),
    invite_counts: count(field(s, F.invite_counts)),
    staff_invite_rate_str: rate(ratio(field(s, F.feedback_invited), feedback)),
    invites: count(field(s, F.feedback_invited)),
    not_solved: count(notSolved),
    not_solved_rate_str: rate(ratio(notSolved, solved + notSolved)),
    solved: count(solved),
    solved_rate_str: rate(ratio(solved, solved + notSolved)),
    solved_count: count(solved + notSolved),
    avg_comment_score: average(r.starAverage),
    good: count(r.good),
    good_rate_str: rate(ratio(r.good, r.starTotal)),
    middle: count(r.middle),
    middle_rate_str: rate(ratio(r.middle, r.starTotal)),
    bad: count(r.bad),
    bad_rate_str: rate(ratio(r.bad, r.starTotal)),
  };
  for (let star = 5; star >= 1; star--) out[`score${star}`] = count(r.stars[star - 1] ?? 0);
  for (let star = 5; star >= 1; star--)
    out[`score${star}_rate_str`] = rate(ratio(r.stars[star - 1] ?? 0, r.starTotal));
  out.avg_nps_score = average(r.npsAverage);
  out.nps_good = count(r.npsGood);
  out.good_nps_rate_str = rate(ratio(r.npsGood, r.npsTotal));
  out.nps_middle = count(r.npsMiddle);
  out.middle_nps_rate_str = rate(ratio(r.npsMiddle, r.npsTotal));
  out.nps_bad = count(r.npsBad);
  out.bad_nps_rate_str = rate(ratio(r.npsBad, r.npsTotal));
  for (let score = 10; score >= 0; score--) out[`nps_score${score}`] = count(r.nps[score] ?? 0);
  for (let score = 10; score >= 0; score--) {
    out[`nps_score${score}_rate_str`] = rate(ratio(r.nps[score] ?? 0, r.npsTotal));
  }
  out.level2_score1 = count(field(s, F.level2_score1));
  out.level2_score5 = count(field(s, F.level2_score5));
  out.level2_score1_rate_str = rate(ratio(field(s, F.level2_score1), level2));
  out.level2_score5_rate_str = rate(ratio(field(s, F.level2_score5), level2));
  return out;
}

function customerFigures(s: Totals): Record<string, Value> {
  const r = ratingsOf(s);
  const out: Record<string, Value> = { score5_average: average(r.starAverage) };
  for (let star = 5; star >= 1; star--) out[`score${star}`] = count(r.stars[star - 1] ?? 0);
  out.nps10_average = average(r.npsAverage);
  for (let score = 10; score >= 0; score--) out[`nps${score}`] = count(r.nps[score] ?? 0);
  Object.assign(out, {
    human_valid: count(field(s, F.human_valid)),
    human_in_valid_recep: count(field(s, F.human_valid_recep)),
    evaluate: count(feedbackTotal(s)),
    solved: count(field(s, F.evaluation_solved)),
    active_evaluate: count(field(s, F.feedback_initiative)),
    staff_invite: count(field(s, F.invite_counts)),
    invite_evaluate: count(field(s, F.feedback_invited)),
    level2_score1: count(field(s, F.level2_score1)),
    level2_score5: count(field(s, F.level2_score5)),
  });
  return out;
}

function satisfactionHandler(
  name: 'getSatisfactionSurvey' | 'getCustomerSatisfaction',
  figures: (s: Totals) => Record<string, Value>,
  suffix: '_ratio' | '_change',
  countsAsText: boolean,
): EndpointHandler {
  const spec = API[name];
  return (data, request) => {
    const { body } = request;
    const range = dateRange(request, spec.datePattern);
    searchWayParam(body, spec.searchWay);
    const filter = standardFilter(body, { robots: false });
    const key = `${name}:${range.fromDay}:${range.toDay}:${filterKey(filter)}`;
    return data.answers.getOrCompute(key, () => {
      const { current, previous } = periodTotals(data, range, filter);
      const now = figures(current);
      const before = figures(previous);
      const row: Row = {};
      for (const [field, value] of Object.entries(now)) {
        row[field] = render(value, countsAsText);
        row[`${field}${suffix}`] = momText(value.value, before[field]?.value ?? 0);
      }
      return item(row);
    });
  };
}

export const getSatisfactionSurvey = satisfactionHandler(
  'getSatisfactionSurvey',
  surveyFigures,
  '_ratio',
  false,
);
export const getCustomerSatisfaction = satisfactionHandler(
  'getCustomerSatisfaction',
  customerFigures,
  '_change',
  true,
);
