import type { Account } from './account.ts';
import { CELL_WIDTH, F } from './cells.ts';
import { NPS, STARS_HAPPY, splitCount } from './generate.ts';
import { LruCache } from './lru.ts';
import { hash32, Prng, unitHash } from './random.ts';
import type { ActivityStore } from './store.ts';

/**
 * Service-summary figures (summary/search): each skill group's valid chats of a day are tagged
 * with leaf classifications, so a classification's chats never exceed the chats that happened.
 */

export const DETAIL_FIELDS = [
  'total_conversation_num',
  'service_invited_num',
  'initiative_comment_num',
  'comment_type_total_num',
  'star_level_num1',
  'star_level_num2',
  'star_level_num3',
  'star_level_num4',
  'star_level_num5',
  'score_num0',
  'score_num1',
  'score_num2',
  'score_num3',
  'score_num4',
  'score_num5',
  'score_num6',
  'score_num7',
  'score_num8',
  'score_num9',
  'score_num10',
] as const;

export const DETAIL_WIDTH = DETAIL_FIELDS.length;
const D = { total: 0, invited: 1, initiative: 2, comments: 3, star1: 4, score0: 9 } as const;
const SALT = 0xc1a5;

export class ClassifiedStore {
  private readonly days = new LruCache<number, Float64Array>(120);
  private readonly rng = new Prng();
  private readonly leafShares: Float64Array;
  private readonly account: Account;
  private readonly activity: ActivityStore;

  constructor(account: Account, activity: ActivityStore) {
    this.account = account;
    this.activity = activity;
    const leaves = account.leaves.length;
    this.leafShares = new Float64Array(account.groups.length * leaves);
    for (const group of account.groups) {
      let total = 0;
      for (let l = 0; l < leaves; l++) {
        const weight = 0.2 + unitHash(account.seed ^ SALT, group.index, l);
        this.leafShares[group.index * leaves + l] = weight;
        total += weight;
      }
      for (let l = 0; l < leaves; l++)
        this.leafShares[group.index * leaves + l] = (this.leafShares[group.index * leaves + l] ?? 0) / total;
    }
  }

  /** Sums per leaf over [firstDay, lastDay] for the given groups: `DETAIL_WIDTH` numbers per leaf. */
  sumLeaves(firstDay: number, lastDay: number, groups: readonly number[]): Float64Array {
    const leaves = this.account.leaves.length;
    const out = new Float64Array(leaves * DETAIL_WIDTH);
    for (let day = firstDay; day <= lastDay; day++) {
      const table = this.day(day);
      for (const g of groups) {
        const from = g * leaves * DETAIL_WIDTH;
        for (let i = 0; i < leaves * DETAIL_WIDTH; i++) out[i] = (out[i] ?? 0) + (table[from + i] ?? 0);
      }
    }
    return out;
  }

  private day(day: number): Float64Array {
    return this.days.getOrCompute(day, () => this.generate(day));
  }

  private generate(day: number): Float64Array {
    const { account } = this;
    const leaves = account.leaves.length;
    const out = new Float64Array(account.groups.length * leaves * DETAIL_WIDTH);
    const validByGroup = new Float64Array(account.groups.length);
    const cells = this.activity.day(day);
    for (const agent of account.agents) {
      validByGroup[agent.groupIndex] =
        (validByGroup[agent.groupIndex] ?? 0) + (cells[agent.index * CELL_WIDTH + F.human_valid] ?? 0);
    }
    const tagged = new Float64Array(leaves);
    for (const group of account.groups) {
      const rng = this.rng.reseed(hash32(account.seed ^ SALT, day, group.index));
      const valid = validByGroup[group.index] ?? 0;
      splitCount(
        rng,
        rng.part(valid, 0.85),
        this.leafShares.subarray(group.index * leaves, (group.index + 1) * leaves),
        tagged,
        0,
      );
      for (let l = 0; l < leaves; l++) {
        const at = (group.index * leaves + l) * DETAIL_WIDTH;
        const chats = tagged[l] ?? 0;
        const invited = rng.part(chats, 0.35);
        const initiative = rng.part(chats - invited, 0.15);
        const comments = invited + initiative;
        const starred = rng.part(comments, 0.9);
        out[at + D.total] = chats;
        out[at + D.invited] = invited;
        out[at + D.initiative] = initiative;
        out[at + D.comments] = comments;
        splitCount(rng, starred, STARS_HAPPY, out, at + D.star1);
        splitCount(rng, rng.part(comments - starred, 0.7), NPS, out, at + D.score0);
      }
    }
    return out;
  }
}
