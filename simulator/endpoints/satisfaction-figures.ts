import { F, field, type Totals } from '../data/cells.ts';
import { ratio, round2 } from '../data/format.ts';

/** Ratings as the satisfaction endpoints and staffWorkStatis count them. */
interface Ratings {
  readonly stars: readonly number[]; // index 0 = 1 star … 4 = 5 stars
  readonly starTotal: number;
  readonly starAverage: number;
  readonly good: number;
  readonly middle: number;
  readonly bad: number;
  readonly nps: readonly number[]; // index = score 0 … 10
  readonly npsTotal: number;
  readonly npsAverage: number;
  readonly npsGood: number;
  readonly npsMiddle: number;
  readonly npsBad: number;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export function ratingsOf(s: Totals): Ratings {
  const stars = [0, 1, 2, 3, 4].map((i) => field(s, F.score1 + i));
  const nps = Array.from({ length: 11 }, (_, i) => field(s, F.nps0 + i));
  const starTotal = sum(stars);
  const npsTotal = sum(nps);
  return {
    stars,
    starTotal,
    starAverage: round2(ratio(sum(stars.map((n, i) => n * (i + 1))), starTotal)),
    good: stars[4] ?? 0,
    middle: (stars[3] ?? 0) + (stars[2] ?? 0),
    bad: (stars[1] ?? 0) + (stars[0] ?? 0),
    nps,
    npsTotal,
    npsAverage: round2(ratio(sum(nps.map((n, i) => n * i)), npsTotal)),
    npsGood: (nps[9] ?? 0) + (nps[10] ?? 0),
    npsMiddle: (nps[7] ?? 0) + (nps[8] ?? 0),
    npsBad: sum(nps.slice(0, 7)),
  };
}

export function feedbackTotal(s: Totals): number {
  return field(s, F.feedback_initiative) + field(s, F.feedback_invited);
}
