import { createHash } from 'node:crypto';

/**
 * SHA-256 of a token, so a caller can name the token the API rejected without sending it in clear
 * (Lambda payloads show up in traces and error reports).
 */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
