/**
 * How many periods the email's trend and the Trend sheet show, this run's included: eight by default
 * (two months of weeks, most of a year of months). At most 13, a quarter of weeks or a year and a month
 * of months: each period is a row of the email, which Gmail clips past about 100 KB.
 *
 * A module of its own, importing nothing: the config schema and the trend both need it, and the trend
 * imports the sections, which import the config.
 */
export const DEFAULT_TREND_PERIODS = 8;
export const MAX_TREND_PERIODS = 13;
