import { RET_CODES } from '../api/description.ts';
import type { Fault } from '../types.ts';

/** The API's envelopes and the response-altering faults. */

export type Envelope = Record<string, unknown> & { ret_code: string; ret_msg: string };

export function failure(retCode: string, message: string): Envelope {
  return { ret_code: retCode, ret_msg: message };
}

export const tokenMissing = () => failure(RET_CODES.tokenMissing, 'Token is null!');
export const tokenInvalid = () =>
  failure(RET_CODES.tokenInvalid, 'Token invalid or not found. Get a new one!');
export const internalError = () => failure(RET_CODES.internal, 'Unknown System Exception');
export const inputError = (message: string) => failure(RET_CODES.inputError, message);

/** The reference's exact 229000 message. */
export function tooFrequent(waitSeconds: number, calls: number, windowMs: number): Envelope {
  const limit = Number.isFinite(calls) ? calls : 0;
  return failure(
    RET_CODES.tooFrequent,
    `API call too frequent. Try again [${waitSeconds}]s later. Currently [${limit}] times of API call within [${Math.round(windowMs / 1000)}]s is allowed. Excess will be limited!`,
  );
}

function reshape(entry: unknown, fault: Extract<Fault, { kind: 'dropField' | 'renameField' }>): unknown {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key !== fault.field) out[key] = value;
    else if (fault.kind === 'renameField') out[fault.to] = value;
  }
  return out;
}

/** Drops or renames a field in every entry of `items` and in `item`. */
export function alterFields(
  envelope: Envelope,
  fault: Extract<Fault, { kind: 'dropField' | 'renameField' }>,
): Envelope {
  const out: Envelope = { ...envelope };
  if (Array.isArray(out.items)) out.items = out.items.map((entry) => reshape(entry, fault));
  if (out.item !== undefined) out.item = reshape(out.item, fault);
  return out;
}
