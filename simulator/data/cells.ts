/**
 * The layout of one (day, agent) cell: the raw counts and millisecond totals every endpoint's
 * figures are derived from. Counts add up across days and agents; `MAX_FIELDS` take the maximum.
 */
export const F = {
  worked: 0,
  human_consult: 1,
  human_valid: 2,
  human_not_recep: 3,
  human_valid_recep: 4,
  human_invalid_recep: 5,
  human_transfer: 6,
  in_blacklist: 7,
  summary_solved: 8,
  summary_not_solved: 9,
  snatch_out: 10,
  snatch_in: 11,
  human_initiative: 12,
  queue: 13,
  queue_accept: 14,
  queue_accept_ms: 15,
  queue_leave_ms: 16,
  robot_consult: 17,
  robot_valid: 18,
  robot_total_transfer: 19,
  robot_to_staff_active: 20,
  robot_to_staff_trigger_key_word: 21,
  trigger_to_manual: 22,
  robot_self_invalid: 23,
  reception_ms: 24,
  consult_ms: 25,
  first_response_count: 26,
  first_response_ms: 27,
  response_rounds: 28,
  response_ms: 29,
  response_warn_count: 30,
  response_max_ms: 31,
  first_response_in30s: 32,
  first_response_in60s: 33,
  msg_visitor: 34,
  msg_staff: 35,
  offline_message: 36,
  msg_staff_words: 37,
  new_visitors: 38,
  quiet_after_session: 39,
  roll_in: 40,
  roll_out: 41,
  max_conv_num: 42,
  feedback_initiative: 43,
  feedback_invited: 44,
  invite_counts: 45,
  feedback_unscored: 46,
  score1: 47,
  score2: 48,
  score3: 49,
  score4: 50,
  score5: 51,
  nps0: 52,
  // nps1 … nps10 follow at nps0 + n
  level2_score5: 63,
  level2_score1: 64,
  evaluation_solved: 65,
  evaluation_not_solved: 66,
  remark: 67,
  valid_information: 68,
  last_staff_consult: 69,
  lastmsg_staff: 70,
  valid_response_counts: 71,
  transfer_first_response: 72,
  transfer_confirm_ms: 73,
  login_offset_ms: 74,
  online_ms: 75,
  busy_counts: 76,
  busy_ms: 77,
  rest_ms: 78,
  eat_ms: 79,
  active_ms: 80,
  train_ms: 81,
  meet_ms: 82,
} as const;

export const CELL_WIDTH = 83;

/** A summed cell, with by-name access for the row builders. */
export type Totals = Float64Array;

export function field(totals: Totals, index: number): number {
  return totals[index] ?? 0;
}

/*
 * Adding cells is the simulator's hot loop (days × agents × CELL_WIDTH), so there is one
 * monomorphic function per source array type rather than one over ArrayLike<number>.
 */

/** Adds a generated day cell into a running total; max fields keep the larger value. */
export function addDayCell(target: Float64Array, to: number, source: Int32Array, from: number): void {
  // Days off are all zeros: nothing to add.
  if (source[from + F.worked] === 0) return;
  const longestResponse = Math.max(
    target[to + F.response_max_ms] as number,
    source[from + F.response_max_ms] as number,
  );
  const mostChats = Math.max(target[to + F.max_conv_num] as number, source[from + F.max_conv_num] as number);
  for (let f = 0; f < CELL_WIDTH; f++) (target[to + f] as number) += source[from + f] as number;
  target[to + F.response_max_ms] = longestResponse;
  target[to + F.max_conv_num] = mostChats;
}

/** Adds one total into another; max fields keep the larger value. */
export function addTotals(target: Float64Array, to: number, source: Float64Array, from: number): void {
  if (source[from + F.worked] === 0) return;
  const longestResponse = Math.max(
    target[to + F.response_max_ms] as number,
    source[from + F.response_max_ms] as number,
  );
  const mostChats = Math.max(target[to + F.max_conv_num] as number, source[from + F.max_conv_num] as number);
  for (let f = 0; f < CELL_WIDTH; f++) (target[to + f] as number) += source[from + f] as number;
  target[to + F.response_max_ms] = longestResponse;
  target[to + F.max_conv_num] = mostChats;
}
