import { F, field, type Totals } from '../data/cells.ts';
import { durationText, percentText, ratio, round2 } from '../data/format.ts';
import type { Row } from './context.ts';

/**
 * Rows of figures derived from a summed cell, in the shapes of the reference's examples: rates as
 * fractions with a `_str` twin ("75.00%"), durations in milliseconds with a `_str` twin ("00:10:28").
 */

function withRate(row: Row, name: string, fraction: number): void {
  row[name] = fraction;
  row[`${name}_str`] = percentText(fraction);
}

function withDuration(row: Row, name: string, ms: number): void {
  row[name] = ms;
  row[`${name}_str`] = durationText(ms);
}

/** Whether anything happened in this cell (rows without activity are left out, as a GROUP BY would). */
export function hasChats(s: Totals): boolean {
  return field(s, F.human_consult) + field(s, F.robot_consult) > 0;
}

export function chatFigures(s: Totals): Row {
  const v = (i: number) => field(s, i);
  const consult = v(F.human_consult);
  const notReceived = v(F.human_not_recep);
  const queue = v(F.queue);
  const queueAccept = v(F.queue_accept);
  const queueLeave = queue - queueAccept;
  const notQueued = consult - queue;
  const robotSelf = v(F.robot_consult) - v(F.robot_total_transfer);
  const sessionConsult = robotSelf + consult;
  const sessionInvalid = consult - v(F.human_valid) + v(F.robot_self_invalid);
  const row: Row = {
    session_consult: sessionConsult,
    session_valid: sessionConsult - sessionInvalid,
    session_invalid: sessionInvalid,
    queue,
    not_queue: notQueued,
    queue_accept: queueAccept,
    queue_leave: queueLeave,
  };
  withRate(row, 'queue_not_accept_rate', ratio(notQueued, consult));
  withRate(row, 'queue_accept_rate', ratio(queueAccept, queue));
  withRate(row, 'queue_leave_rate', ratio(queueLeave, queue));
  withDuration(row, 'avg_queue_accept_duration', ratio(v(F.queue_accept_ms), queueAccept));
  withDuration(row, 'avg_queue_leave_duration', ratio(v(F.queue_leave_ms), queueLeave));
  Object.assign(row, {
    robot_consult: v(F.robot_consult),
    robot_self: robotSelf,
    robot_valid: v(F.robot_valid),
    robot_in_valid: v(F.robot_consult) - v(F.robot_valid),
    robot_to_staff_active: v(F.robot_to_staff_active),
    robot_to_staff_trigger_key_word: v(F.robot_to_staff_trigger_key_word),
    robot_total_transfer: v(F.robot_total_transfer),
    human_consult: consult,
    human_self: consult - notReceived,
    human_valid: v(F.human_valid),
    human_invalid: consult - v(F.human_valid),
    human_not_recep: notReceived,
    human_valid_recep: v(F.human_valid_recep),
    human_invalid_recep: v(F.human_invalid_recep),
    human_transfer: v(F.human_transfer),
    in_blacklist: v(F.in_blacklist),
    summary_solved: v(F.summary_solved),
    summary_not_solved: v(F.summary_not_solved),
    human_snatch: v(F.snatch_out),
    human_initiative: v(F.human_initiative),
  });
  withRate(row, 'human_self_rate', ratio(consult - notReceived, consult));
  withRate(row, 'human_valid_rate', ratio(v(F.human_valid), consult));
  withRate(row, 'human_not_recep_rate', ratio(notReceived, consult));
  withDuration(row, 'avg_human_recep_duration', ratio(v(F.reception_ms), v(F.human_valid)));
  withDuration(row, 'avg_staff_first_res_duration', ratio(v(F.first_response_ms), v(F.first_response_count)));
  withDuration(row, 'avg_staff_res_total_duration', ratio(v(F.response_ms), v(F.response_rounds)));
  withRate(row, 'human_valid_recep_rate', ratio(v(F.human_valid_recep), consult));
  withRate(row, 'human_invalid_recep_rate', ratio(v(F.human_invalid_recep), consult));
  row.not_mark_is_solved = consult - v(F.summary_solved) - v(F.summary_not_solved);
  row.response_warn_count = v(F.response_warn_count);
  row.staff_res_total_count = v(F.response_rounds);
  withRate(row, 'response_warn_rate', ratio(v(F.response_warn_count), v(F.response_rounds)));
  return row;
}

export function messageFigures(s: Totals): Row {
  const v = (i: number) => field(s, i);
  const consult = v(F.human_consult);
  const visitor = v(F.msg_visitor);
  const staff = v(F.msg_staff);
  const row: Row = {
    msg_human: visitor + staff,
    msg_visitor_to_staff: visitor,
    msg_staff: staff,
    offline_message: v(F.offline_message),
    msg_staff_word_count: v(F.msg_staff_words),
    human_avg_msg: round2(ratio(visitor + staff, consult)),
  };
  withRate(row, 'msg_staff_visitor_rate', ratio(staff, visitor));
  Object.assign(row, {
    human_avg_msg_visitor: round2(ratio(visitor, consult)),
    human_avg_msg_staff: round2(ratio(staff, consult)),
    human_avg_staff_word_count: round2(ratio(v(F.msg_staff_words), consult)),
    response_warn_count: v(F.response_warn_count),
    staff_res_total_count: v(F.response_rounds),
  });
  withRate(row, 'response_warn_rate', ratio(v(F.response_warn_count), v(F.response_rounds)));
  return row;
}
