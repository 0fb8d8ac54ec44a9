import { randomUUID } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RECORDING_FORMAT, type Recording } from '../../../core/recording.ts';
import { redactSecrets } from '../redact.ts';
import type { CapturedExchange } from './check.ts';

/**
 * Turns a check's exchanges into a recording someone can share: the token, app_key and signs are
 * scrubbed wherever they appear (a server may echo them in a body), and people are replaced by stable
 * placeholders: each agent becomes "Agent N" in every name and nickname field and agentN@example.invalid
 * in every email field, the same N wherever the same agent appears, so the replayed lists still join.
 */

/** The answer fields the reference's tables give for a person's name (getServiceList, staffWorkStatis, getWorkLogList). */
const NAME_FIELDS = new Set(['service_name', 'service_nick', 'staff_name']);
const EMAIL_FIELDS = new Set(['service_email']);
/** Fields that say which agent a row is about, so their name fields share one placeholder. */
const ID_FIELDS = ['service_id', 'staff_id'] as const;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Shorter names are replaced only as whole values: as substrings they would eat into ordinary words. */
const MIN_NAME_IN_TEXT = 4;

interface RecordingMeta {
  readonly day: string;
  readonly timezone: string;
  readonly recordedAt: string;
  /** The token provider's secrets and every token sent. */
  readonly secrets: readonly string[];
}

export function redactedRecording(exchanges: readonly CapturedExchange[], meta: RecordingMeta): Recording {
  const people = new People();
  const copies = structuredClone(exchanges) as CapturedExchange[];
  for (const exchange of copies) people.learn(exchange.body);
  const recording: Recording = {
    format: RECORDING_FORMAT,
    recordedAt: meta.recordedAt,
    day: meta.day,
    timezone: meta.timezone,
    exchanges: copies.map((exchange) => {
      const scrubbed = people.replaceIn({
        request: exchange.request,
        body: exchange.body,
        text: exchange.text,
      });
      return {
        endpoint: exchange.endpoint,
        probe: exchange.probe,
        request: scrubbed.request as Record<string, unknown>,
        status: exchange.status,
        ...(exchange.text === undefined ? { body: scrubbed.body } : { text: scrubbed.text as string }),
      };
    }),
  };
  return JSON.parse(redactSecrets(JSON.stringify(recording), meta.secrets)) as Recording;
}

class People {
  readonly #byId = new Map<string, number>();
  readonly #byName = new Map<string, number>();
  readonly #byEmail = new Map<string, number>();
  #count = 0;

  /** Numbers every agent a body mentions, in order of first appearance. */
  learn(value: unknown): void {
    for (const row of objectsIn(value)) {
      const names = [...NAME_FIELDS].map((field) => row[field]).filter(isName);
      const emails = [...EMAIL_FIELDS].map((field) => row[field]).filter(isName);
      const ids = ID_FIELDS.map((field) => row[field]).filter(isName);
      if (names.length === 0 && emails.length === 0) continue;
      const byEmail = () =>
        emails.map((email) => this.#byEmail.get(email.toLowerCase())).find((n) => n !== undefined);
      // Two agents may share a name: a row with an id of its own is that agent, whatever it is called.
      const known =
        ids.map((id) => this.#byId.get(id)).find((n) => n !== undefined) ??
        (ids.length > 0
          ? byEmail()
          : (byEmail() ?? names.map((name) => this.#byName.get(name)).find((n) => n !== undefined)));
      const number = known ?? ++this.#count;
      for (const id of ids) this.#byId.set(id, number);
      for (const name of names) if (!this.#byName.has(name)) this.#byName.set(name, number);
      for (const email of emails) this.#byEmail.set(email.toLowerCase(), number);
    }
  }

  replaceIn<T>(value: T): T {
    return this.#walk(value, undefined) as T;
  }

  #walk(value: unknown, field: string | undefined): unknown {
    if (typeof value === 'string') return this.#replaceText(value, field);
    if (Array.isArray(value)) return value.map((entry) => this.#walk(entry, field));
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, this.#walk(entry, key)]));
  }

  #replaceText(text: string, field: string | undefined): string {
    if (field && NAME_FIELDS.has(field) && isName(text)) return `Agent ${this.#numberOf(text)}`;
    let out = text.replace(EMAIL, (email) => `agent${this.#numberOfEmail(email)}@example.invalid`);
    const exact = this.#byName.get(out);
    if (exact !== undefined) return `Agent ${exact}`;
    for (const [name, number] of this.#longNamesFirst()) out = out.split(name).join(`Agent ${number}`);
    return out;
  }

  #numberOf(name: string): number {
    let number = this.#byName.get(name);
    if (number === undefined) {
      number = ++this.#count;
      this.#byName.set(name, number);
    }
    return number;
  }

  #numberOfEmail(email: string): number {
    const key = email.toLowerCase();
    let number = this.#byEmail.get(key);
    if (number === undefined) {
      number = ++this.#count;
      this.#byEmail.set(key, number);
    }
    return number;
  }

  #longNamesFirst(): [string, number][] {
    return [...this.#byName]
      .filter(([name]) => name.length >= MIN_NAME_IN_TEXT)
      .sort(([a], [b]) => b.length - a.length);
  }
}

/** A value that names someone: a non-empty string other than the API's "[]" and "NA" fillers. */
function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !['[]', 'NA', '-'].includes(value.trim());
}

function* objectsIn(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const entry of value) yield* objectsIn(entry);
  } else if (typeof value === 'object' && value !== null) {
    yield value as Record<string, unknown>;
    for (const entry of Object.values(value)) yield* objectsIn(entry);
  }
}

/** Written beside the target and renamed over it, so a check killed mid-write leaves no half file. */
export async function writeRecording(file: string, recording: Recording): Promise<void> {
  const temporary = join(dirname(file), `.${randomUUID()}.recording.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(recording, null, 2)}\n`, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
