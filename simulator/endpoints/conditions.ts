import { API } from '../api/description.ts';
import type { Account, SimDepartment } from '../data/account.ts';
import { CHANNEL_TYPES, ROBOT_LOGO } from '../data/names.ts';
import { type EndpointHandler, items, type Row } from './context.ts';
import { listParam, searchWayParam, textParam } from './params.ts';

/** The seven condition lists: the names and ids every statistics row refers to. */

function matches(name: string, query: string | undefined): boolean {
  return query === undefined || name.toLowerCase().includes(query.toLowerCase());
}

export const getChannelList: EndpointHandler = (_data, { body }) => {
  const query = textParam(body, 'query_content');
  return items(CHANNEL_TYPES.filter((c) => matches(c.msg, query)).map((c) => ({ code: c.code, msg: c.msg })));
};

export const getChildChannelList: EndpointHandler = ({ account }, { body }) => {
  const sources = listParam(body, 'sources');
  const query = textParam(body, 'query_content');
  return items(
    account.channels
      .filter((c) => (sources === undefined || sources.includes(c.source)) && matches(c.name, query))
      .map((c) => ({
        sub_channel_id: c.id,
        channel_type: c.source,
        sub_channel_name: c.name,
        channel_flag: c.flag,
        channel_flag_key: c.flagKey,
      })),
  );
};

export const getClassificationList: EndpointHandler = ({ account }) =>
  items(
    account.classifications.map((c) => ({
      id: c.id,
      classify_name: c.name,
      classify_code: c.code,
      classify_level: c.level,
      classify_level_path: c.path,
      classify_parent_id: c.parentId,
      sort: c.sort,
    })),
  );

export const getRobotList: EndpointHandler = ({ account }) =>
  items(account.robots.map((r) => ({ robot_logo: ROBOT_LOGO, robot_name: r.name, robot_flag: r.flag })));

function departmentNode(account: Account, department: SimDepartment): Row {
  const children = account.departments.filter((d) => d.parentId === department.id);
  return {
    depart_id: department.id,
    depart_name: department.name,
    company_id: account.companyId,
    parent_id: department.parentId,
    ...(children.length > 0 ? { child_list: children.map((c) => departmentNode(account, c)) } : {}),
  };
}

export const getDepartmentList: EndpointHandler = ({ account }) =>
  items(account.departments.filter((d) => d.parentId === '0').map((d) => departmentNode(account, d)));

export const getGroupList: EndpointHandler = ({ account }, { body }) => {
  const departmentIds = listParam(body, 'depart_ids_param');
  const query = textParam(body, 'query_content');
  return items(
    account.groups
      .filter((g) => {
        const department = account.departments[g.departmentIndex];
        return (
          (departmentIds === undefined || departmentIds.includes(department?.id ?? '')) &&
          matches(g.name, query)
        );
      })
      .map((g) => ({ group_id: g.id, group_name: g.name })),
  );
};

export const getServiceList: EndpointHandler = ({ account, answers }, { body }) => {
  searchWayParam(body, API.getServiceList.searchWay);
  const departmentIds = listParam(body, 'depart_ids_param');
  const groupIds = listParam(body, 'group_ids_param');
  const query = textParam(body, 'query_content');
  const key = `getServiceList:${JSON.stringify([departmentIds, groupIds, query])}`;
  return answers.getOrCompute(key, () =>
    items(
      account.agents
        .filter((a) => {
          const department = account.departments[a.departmentIndex]?.id ?? '';
          const group = account.groups[a.groupIndex]?.id ?? '';
          return (
            (departmentIds === undefined || departmentIds.includes(department)) &&
            (groupIds === undefined || groupIds.includes(group)) &&
            (matches(a.name, query) || matches(a.nick, query))
          );
        })
        .map((a) => ({ service_id: a.id, service_name: a.name, service_nick: a.nick })),
    ),
  );
};
