const REDACTED = '[redacted]';
/** Shorter values would redact ordinary words; no real token, app_key or sign is this short. */
const MIN_SECRET_LENGTH = 4;
/** Deep enough for an error, its properties and a cause chain; cycles are cut by `seen`. */
const MAX_DEPTH = 12;

/** Replaces every occurrence of each secret (token, app_key, sign) in text that may come from the server. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const pattern = secretPattern(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/**
 * Scrubs the secrets from an error in place and returns it: its message, stack and string properties,
 * then the same down its cause chain. Causes from elsewhere need it as much as ours: undici's "not
 * matched" error quotes the URL with the sign in it, and JSON.parse quotes the start of the body.
 */
export function redactError<E>(error: E, secrets: readonly (string | undefined)[]): E {
  const pattern = secretPattern(secrets);
  if (pattern) scrub(error, pattern, new Set(), 0);
  return error;
}

/**
 * One case-insensitive pattern for every form a secret takes in text: as is, URL-encoded (a query
 * string, a form body) and JSON-escaped. Case-insensitive, because a server may echo the md5 sign in
 * upper case and percent-escapes come in both.
 */
function secretPattern(secrets: readonly (string | undefined)[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return undefined;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'gi');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scrub(value: unknown, pattern: RegExp, seen: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return value.replace(pattern, REDACTED);
  if (!isScrubbable(value) || seen.has(value) || depth > MAX_DEPTH) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    // Accessors (DOMException's message) compute from fields, which are scrubbed themselves.
    if (!descriptor || !('value' in descriptor)) continue;
    const scrubbed = scrub(descriptor.value, pattern, seen, depth + 1);
    if (scrubbed !== descriptor.value && (descriptor.writable || descriptor.configurable)) {
      Object.defineProperty(value, key, { ...descriptor, value: scrubbed });
    }
  }
  return value;
}

/** Errors and plain data only: class instances such as sockets or buffers are left alone. */
function isScrubbable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Error || Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
