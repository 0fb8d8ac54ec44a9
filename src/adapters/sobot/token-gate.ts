import type { TokenProvider } from '../../core/sobot/api.ts';

/**
 * The refresh barrier in front of a token provider. The token is the account's, one at a time ("When
 * requesting the token API, regardless of the existence of token, a new token will be returned",
 * reference, "API Declaration"), so once a call has seen 900001/900002 the calls not yet sent wait
 * here for the new token instead of each spending a call on the old one, and none is sent with a
 * token older than the newest one fetched. A call that was in flight with a token already replaced
 * retries with the new one without fetching again.
 */
export class TokenGate {
  readonly #provider: TokenProvider;
  /** The token calls are sent with now. */
  #newest: string | undefined;
  #replacing: Promise<string> | undefined;
  /** Counts finished replacements, so a provider answer that a replacement overtook is not used. */
  #replacements = 0;

  constructor(provider: TokenProvider) {
    this.#provider = provider;
  }

  /**
   * The token to send now, waiting for a replacement in progress. `onReplaced` is called when this
   * call is the first to see a token the provider fetched on its own (ahead of expiry).
   */
  async current(onReplaced?: () => void): Promise<string> {
    for (;;) {
      const replacing = this.#replacing;
      if (replacing) {
        await replacing;
        continue;
      }
      const replacements = this.#replacements;
      const token = await this.#provider.token();
      if (this.#replacing || replacements !== this.#replacements) continue;
      if (token !== this.#newest) {
        const replaced = this.#newest !== undefined;
        this.#newest = token;
        if (replaced) onReplaced?.();
      }
      return token;
    }
  }

  /**
   * Whether `token`, just rejected, is the one calls are being sent with: then replacing it is up to
   * the caller. False when it was replaced already or a replacement is under way: a call sent before.
   */
  isNewest(token: string): boolean {
    return this.#replacing === undefined && token === this.#newest;
  }

  /**
   * The API rejected `rejected`. Fetches a new token unless it was replaced already (or is being
   * replaced), and resolves once calls can go on; `onReplaced` is called once per token fetched.
   */
  async replace(rejected: string, onReplaced?: () => void): Promise<void> {
    if (this.#replacing) {
      await this.#replacing;
      return;
    }
    if (rejected !== this.#newest) return;
    const replacing = this.#provider
      .refresh(rejected)
      .then((token) => {
        this.#newest = token;
        this.#replacements++;
        if (token !== rejected) onReplaced?.();
        return token;
      })
      .finally(() => {
        this.#replacing = undefined;
      });
    this.#replacing = replacing;
    await replacing;
  }
}

const gates = new WeakMap<TokenProvider, TokenGate>();

/** The one gate of `provider`: every client on the same provider shares the same token, so the same barrier. */
export function gateFor(provider: TokenProvider): TokenGate {
  let gate = gates.get(provider);
  if (!gate) {
    gate = new TokenGate(provider);
    gates.set(provider, gate);
  }
  return gate;
}
