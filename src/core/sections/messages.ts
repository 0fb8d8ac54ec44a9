import * as z from 'zod';
import { columnsOf } from '../render/columns.ts';
import { fields, num, rate } from '../sobot/schemas.ts';
import { breakdownParts, breakdownSheets, dimensionFields, sliceBreakdown } from './breakdown.ts';
import { type DataOf, defineSection } from './section.ts';

/** Messages (getMsgStat): message counts, words and response alerts, per dimension and day. */

export const messageRow = z.looseObject({
  ...dimensionFields,
  ...fields(num, [
    'msg_human',
    'msg_visitor_to_staff',
    'msg_staff',
    'offline_message',
    'human_avg_msg',
    'human_avg_msg_visitor',
    'human_avg_msg_staff',
    'msg_staff_word_count',
    'human_avg_staff_word_count',
    'staff_res_total_count',
    'response_warn_count',
  ] as const),
  ...fields(rate, ['msg_staff_visitor_rate', 'response_warn_rate'] as const),
});
type MessageRow = z.infer<typeof messageRow>;

const parts = breakdownParts('getMsgStat', messageRow, {
  msg_human: { en: 'Message counts', zh: '消息数' },
});
export type MessagesData = DataOf<typeof parts>;

const column = columnsOf<MessageRow>();

export const MESSAGE_COLUMNS = [
  column('msg_human', 'Total Chat Messages', '总消息数', 'count'),
  column('msg_visitor_to_staff', 'Customer Messages', '客户消息数', 'count'),
  column('msg_staff', 'Agent Messages', '客服消息数', 'count'),
  column('offline_message', 'Offline Message of Agent', '客服离线消息数', 'count'),
  column('human_avg_msg', 'Average Number of Messages Per Session', '平均每会话消息数', 'decimal'),
  column('msg_staff_visitor_rate', 'Q&A %', '答问比', 'rate'),
  column('human_avg_msg_visitor', 'Avg. Customer Msgs Per Chat', '平均每会话客户消息数', 'decimal'),
  column('human_avg_msg_staff', 'Avg. Agent Msgs Per Chat', '平均每会话客服消息数', 'decimal'),
  column('msg_staff_word_count', 'Agent Chars', '客服字数', 'count'),
  column('human_avg_staff_word_count', 'Avg. Agent Msgs Chars Per Chat', '平均每会话客服字数', 'decimal'),
  column('staff_res_total_count', 'Agent Chat Rounds', '客服对话轮次', 'count'),
  // The reference swaps these two labels ("Round Level" on the rate, "%" on the count).
  column('response_warn_count', 'Response Alert Rounds', '响应超时轮次', 'count'),
  column('response_warn_rate', 'Response Alert %', '响应超时率', 'rate'),
];

export const messages = defineSection({
  id: 'messages',
  parts,
  slice: sliceBreakdown,
  sheets: ({ snapshot }) =>
    breakdownSheets(
      snapshot.dimension,
      { totals: { en: 'Messages', zh: '消息统计' }, daily: { en: 'Messages by day', zh: '每日消息统计' } },
      snapshot.current.messages,
      MESSAGE_COLUMNS,
      snapshot.period.days,
    ),
});
