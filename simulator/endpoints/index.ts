import type { SimEndpointName } from '../api/description.ts';
import { getWorkLogList, staffWorkStatis } from './agents.ts';
import { getMsgStat, getStat } from './chat-stats.ts';
import {
  getChannelList,
  getChildChannelList,
  getClassificationList,
  getDepartmentList,
  getGroupList,
  getRobotList,
  getServiceList,
} from './conditions.ts';
import type { EndpointHandler } from './context.ts';
import {
  getGeneral,
  getGeographicalDistribution,
  getRobotReception,
  getStaffReception,
} from './customers.ts';
import { getCustomerSatisfaction, getSatisfactionSurvey } from './satisfaction.ts';
import { summarySearch } from './summary.ts';

export const HANDLERS: Record<SimEndpointName, EndpointHandler> = {
  getChannelList,
  getChildChannelList,
  getClassificationList,
  getRobotList,
  getDepartmentList,
  getGroupList,
  getServiceList,
  getStat,
  getMsgStat,
  getGeneral,
  getRobotReception,
  getStaffReception,
  getGeographicalDistribution,
  staffWorkStatis,
  getWorkLogList,
  getSatisfactionSurvey,
  getCustomerSatisfaction,
  summarySearch,
};
