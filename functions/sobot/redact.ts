const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (token, app_key, sign) in text that may come from the server. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}
