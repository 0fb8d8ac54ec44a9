import { createHash } from 'node:crypto';

/** The get_token signature: md5(appid + create_time + app_key), lower-case hex (reference, "sign signature generation example"). */
export function signFor(appId: string, createTime: string, appKey: string): string {
  return createHash('md5').update(`${appId}${createTime}${appKey}`, 'utf8').digest('hex');
}
