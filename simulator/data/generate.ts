import type { Account } from './account.ts';
import { weekdayOf } from './calendar.ts';
import { CELL_WIDTH, F } from './cells.ts';
import { hash32, Prng, unitHash } from './random.ts';

/**
 * Fills one day's table: CELL_WIDTH numbers per agent, from a PRNG seeded by (seed, day, agent).
 * Each agent has a stable profile (workload, validity, speed, satisfaction) so their figures look
 * like the same person from day to day. All relations the reference's examples show hold per cell
 * (e.g. human_self + human_not_recep = human_consult), so they hold for any sum of cells.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface AgentProfiles {
  readonly capacity: Float64Array;
  readonly validRate: Float64Array;
  readonly notReceivedRate: Float64Array;
  readonly solveRate: Float64Array;
  readonly queueRate: Float64Array;
  readonly handleMs: Float64Array;
  readonly firstResponseMs: Float64Array;
  readonly responseMs: Float64Array;
  readonly warnRate: Float64Array;
  readonly inviteRate: Float64Array;
  readonly starMood: Float64Array;
  readonly shiftStartMs: Float64Array;
  readonly shiftMs: Float64Array;
  readonly newVisitorRate: Float64Array;
}

const PROFILE_SALT = 0x51_7e;

export function buildProfiles(account: Account): AgentProfiles {
  const n = account.agents.length;
  const make = (salt: number, low: number, high: number) => {
    const out = new Float64Array(n);
    for (let a = 0; a < n; a++) out[a] = low + (high - low) * unitHash(account.seed ^ PROFILE_SALT, salt, a);
    return out;
  };
  return {
    capacity: make(1, 6, 22),
    validRate: make(2, 0.82, 0.98),
    notReceivedRate: make(3, 0.03, 0.2),
    solveRate: make(4, 0.45, 0.8),
    queueRate: make(5, 0.05, 0.45),
    handleMs: make(6, 4 * MINUTE, 14 * MINUTE),
    firstResponseMs: make(7, 8_000, 75_000),
    responseMs: make(8, 20_000, 150_000),
    warnRate: make(9, 0.02, 0.2),
    inviteRate: make(10, 0.25, 0.65),
    starMood: make(11, 0, 1),
    shiftStartMs: make(12, 7.5 * HOUR, 10.5 * HOUR),
    shiftMs: make(13, 7 * HOUR, 9 * HOUR),
    newVisitorRate: make(14, 0.3, 0.7),
  };
}

/** Splits `count` over buckets by probabilities (low to high), exactly: the shares add up to `count`. */
export function splitCount(
  rng: Prng,
  count: number,
  probabilities: ArrayLike<number>,
  out: Int32Array | Float64Array,
  at: number,
): void {
  let left = count;
  let mass = 1;
  for (let i = probabilities.length - 1; i > 0; i--) {
    const p = probabilities[i] ?? 0;
    const share = mass <= 0 ? 0 : rng.part(left, p / mass);
    out[at + i] = share;
    left -= share;
    mass -= p;
  }
  out[at] = left;
}

export const STARS_HAPPY = [0.04, 0.04, 0.1, 0.27, 0.55];
const STARS_MIXED = [0.2, 0.18, 0.2, 0.2, 0.22];
export const NPS = [0.02, 0.02, 0.02, 0.03, 0.03, 0.05, 0.06, 0.12, 0.17, 0.2, 0.28];

export class DayGenerator {
  private readonly rng = new Prng();
  private readonly stars = new Float64Array(5);
  private readonly account: Account;
  private readonly profiles: AgentProfiles;

  constructor(account: Account, profiles: AgentProfiles) {
    this.account = account;
    this.profiles = profiles;
  }

  /** A day's table. Quiet days (no chats at all) stay zero. */
  generate(day: number, quiet: boolean): Int32Array {
    const agents = this.account.agents.length;
    const table = new Int32Array(agents * CELL_WIDTH);
    if (quiet) return table;
    const seed = this.account.seed;
    const weekday = weekdayOf(day);
    const weekend = weekday >= 6;
    const dayFactor = (weekend ? 0.55 : 1) * (0.85 + 0.3 * unitHash(seed, 0x0da7, day));
    for (let a = 0; a < agents; a++) this.fillCell(table, a * CELL_WIDTH, a, day, weekend, dayFactor);
    return table;
  }

  private fillCell(t: Int32Array, o: number, a: number, day: number, weekend: boolean, dayFactor: number) {
    const p = this.profiles;
    const rng = this.rng.reseed(hash32(this.account.seed, day, a));
    if (rng.next() >= (weekend ? 0.35 : 0.9)) return;
    t[o + F.worked] = 1;

    // Chats handled by people.
    const consult = Math.round((p.capacity[a] ?? 10) * dayFactor * rng.between(0.6, 1.4));
    const valid = rng.part(consult, p.validRate[a] ?? 0.9);
    // Reception is counted among valid chats (reference getStat example: 56 valid = 14 not received
    // + 40 valid receptions + 2 without a reply), so a reception rate never exceeds 100%.
    const notReceived = rng.part(valid, p.notReceivedRate[a] ?? 0.1);
    const received = valid - notReceived;
    const invalidReception = rng.part(received, 0.04);
    const validReception = received - invalidReception;
    const solved = rng.part(consult, p.solveRate[a] ?? 0.6);
    const notSolved = rng.part(consult - solved, 0.45);
    const queue = rng.part(consult, p.queueRate[a] ?? 0.2);
    const queueAccept = rng.part(queue, 0.85);
    t[o + F.human_consult] = consult;
    t[o + F.human_valid] = valid;
    t[o + F.human_not_recep] = notReceived;
    t[o + F.human_valid_recep] = validReception;
    t[o + F.human_invalid_recep] = invalidReception;
    t[o + F.human_transfer] = rng.part(consult, 0.05);
    t[o + F.in_blacklist] = rng.part(consult, 0.01);
    t[o + F.summary_solved] = solved;
    t[o + F.summary_not_solved] = notSolved;
    t[o + F.snatch_out] = rng.part(consult, 0.02);
    t[o + F.snatch_in] = rng.part(consult, 0.02);
    t[o + F.human_initiative] = rng.part(consult, 0.03);
    t[o + F.queue] = queue;
    t[o + F.queue_accept] = queueAccept;
    t[o + F.queue_accept_ms] = Math.round(queueAccept * rng.between(20_000, 180_000));
    t[o + F.queue_leave_ms] = Math.round((queue - queueAccept) * rng.between(30_000, 240_000));

    // The bot in front of the agent's channel: some of its chats are passed to the agent.
    const fromBot = rng.part(consult, 0.55);
    const botOnly = Math.round(consult * rng.between(0.2, 0.8));
    const robotConsult = fromBot + botOnly;
    const active = rng.part(fromBot, 0.92);
    const keyword = rng.part(fromBot - active, 0.4);
    const botOnlyInvalid = rng.part(botOnly, 0.3);
    t[o + F.robot_consult] = robotConsult;
    t[o + F.robot_valid] = robotConsult - botOnlyInvalid - rng.part(fromBot, 0.05);
    t[o + F.robot_total_transfer] = fromBot;
    t[o + F.robot_to_staff_active] = active;
    t[o + F.robot_to_staff_trigger_key_word] = keyword;
    t[o + F.trigger_to_manual] = rng.part(fromBot - active - keyword, 0.6);
    t[o + F.robot_self_invalid] = botOnlyInvalid;

    // Durations (milliseconds, totals; averages are taken over the sums).
    const handleMs = (p.handleMs[a] ?? 600_000) * rng.between(0.7, 1.3);
    const responseMs = p.responseMs[a] ?? 60_000;
    const rounds = received * Math.round(rng.between(3, 8));
    t[o + F.reception_ms] = Math.round(valid * handleMs);
    t[o + F.consult_ms] = Math.round(consult * handleMs * rng.between(0.9, 1.1));
    t[o + F.first_response_count] = received;
    t[o + F.first_response_ms] = Math.round(
      received * (p.firstResponseMs[a] ?? 30_000) * rng.between(0.6, 1.4),
    );
    t[o + F.response_rounds] = rounds;
    t[o + F.response_ms] = Math.round(rounds * responseMs * rng.between(0.7, 1.3));
    t[o + F.response_warn_count] = rng.part(rounds, p.warnRate[a] ?? 0.1);
    t[o + F.response_max_ms] = rounds === 0 ? 0 : Math.round(responseMs * rng.between(2, 5));
    const in30 = rng.part(received, (p.firstResponseMs[a] ?? 30_000) < 30_000 ? 0.7 : 0.3);
    t[o + F.first_response_in30s] = in30;
    t[o + F.first_response_in60s] = in30 + rng.part(received - in30, 0.6);

    // Messages.
    const staffMessages = rounds + rng.part(received, 0.5);
    t[o + F.msg_visitor] = consult + Math.round(rounds * rng.between(1.2, 2));
    t[o + F.msg_staff] = staffMessages;
    t[o + F.offline_message] = rng.part(consult, 0.02);
    t[o + F.msg_staff_words] = Math.round(staffMessages * rng.between(12, 40));

    // Customers.
    t[o + F.new_visitors] = rng.part(valid, p.newVisitorRate[a] ?? 0.5);
    t[o + F.roll_in] = rng.part(consult, 0.04);
    t[o + F.roll_out] = t[o + F.human_transfer] ?? 0;
    t[o + F.max_conv_num] = 1 + Math.floor(rng.next() * 5);
    t[o + F.valid_information] = rng.part(valid, 0.1);
    const lastReception = rng.part(consult, 0.9);
    t[o + F.last_staff_consult] = lastReception;
    t[o + F.quiet_after_session] = rng.part(lastReception, rng.between(0.5, 0.8));
    t[o + F.lastmsg_staff] = rng.part(consult, 0.4);
    t[o + F.valid_response_counts] = rng.part(validReception, 0.95);
    t[o + F.transfer_first_response] = rng.part(t[o + F.roll_in] ?? 0, 0.8);
    t[o + F.transfer_confirm_ms] = Math.round((t[o + F.roll_in] ?? 0) * rng.between(5_000, 30_000));

    // Satisfaction: invitations and feedback on valid chats, rated with stars (mostly) or NPS.
    const invitations = rng.part(validReception, p.inviteRate[a] ?? 0.4);
    const invited = rng.part(invitations, 0.8);
    const initiative = rng.part(valid - invited, 0.15);
    const feedback = invited + initiative;
    const starred = rng.part(feedback, 0.9);
    const npsRated = rng.part(feedback - starred, 0.7);
    t[o + F.invite_counts] = invitations;
    t[o + F.feedback_invited] = invited;
    t[o + F.feedback_initiative] = initiative;
    t[o + F.feedback_unscored] = feedback - starred - npsRated;
    const mood = p.starMood[a] ?? 0.5;
    for (let s = 0; s < 5; s++)
      this.stars[s] = mood * (STARS_HAPPY[s] ?? 0) + (1 - mood) * (STARS_MIXED[s] ?? 0);
    splitCount(rng, starred, this.stars, t, o + F.score1);
    splitCount(rng, npsRated, NPS, t, o + F.nps0);
    const level2 = rng.part(feedback, 0.1);
    const level2Satisfied = rng.part(level2, 0.8);
    t[o + F.level2_score5] = level2Satisfied;
    t[o + F.level2_score1] = level2 - level2Satisfied;
    const evaluated = rng.part(feedback, 0.95);
    const evaluationSolved = rng.part(evaluated, p.solveRate[a] ?? 0.6);
    t[o + F.evaluation_solved] = evaluationSolved;
    t[o + F.evaluation_not_solved] = evaluated - evaluationSolved;
    t[o + F.remark] = rng.part(feedback, 0.2);

    // Work log: one shift, in milliseconds from local midnight.
    const busyCounts = Math.floor(rng.next() * 4);
    t[o + F.login_offset_ms] = Math.round((p.shiftStartMs[a] ?? 9 * HOUR) + rng.between(-20, 20) * MINUTE);
    t[o + F.online_ms] = Math.round((p.shiftMs[a] ?? 8 * HOUR) * rng.between(0.85, 1.05));
    t[o + F.busy_counts] = busyCounts;
    t[o + F.busy_ms] = Math.round(busyCounts * rng.between(2, 15) * MINUTE);
    t[o + F.rest_ms] = Math.round(rng.between(0, 30) * MINUTE);
    t[o + F.eat_ms] = weekend ? 0 : Math.round(rng.between(30, 60) * MINUTE);
    t[o + F.active_ms] = Math.round(rng.between(0, 20) * MINUTE);
    t[o + F.train_ms] = rng.next() < 0.1 ? HOUR : 0;
    t[o + F.meet_ms] = rng.next() < 0.2 ? 30 * MINUTE : 0;
  }
}
