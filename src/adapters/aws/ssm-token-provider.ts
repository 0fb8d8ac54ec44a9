import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { TokenProvider } from '../../core/sobot/api.ts';
import { tokenFingerprint } from '../../core/token/fingerprint.ts';
import type { StoredToken } from '../../core/token/stored-token.ts';
import { AWS_RETRY } from './sdk-retry.ts';
import { ssmParameters } from './ssm-parameters.ts';
import { readStoredToken } from './stored-token.ts';

export class TokenRefreshError extends Error {
  override readonly name = 'TokenRefreshError';
}

interface SsmTokenProviderOptions {
  /** Name of the SecureString parameter holding `{ token, expiresAt }` JSON. */
  readonly parameterName: string;
  /**
   * Name or ARN of the token-refresh function, the parameter's only writer. Without it (a CLI run not
   * told the deployed function's name) a rejected or expiring token fails the call instead.
   */
  readonly refreshFunctionName?: string;
  /** Default: `ssmParameters()`. */
  readonly parameters?: SSMProvider;
  /** Default: a client with the SDK's standard retries, which also wait out token-refresh's throttling (reserved concurrency 1). */
  readonly lambda?: LambdaClient;
  readonly clock?: Clock;
  /** How long a read is cached; other instances may have rotated the token meanwhile. */
  readonly maxAgeSeconds?: number;
  /** A stored token this close to `expiresAt` is treated as expired. */
  readonly expiryMarginMs?: number;
}

/**
 * The Lambda side of the token store: every instance reads the shared token from SSM and, when the API
 * rejects it, asks token-refresh (reserved concurrency 1) to replace it, so only one writer ever calls
 * get_token — a new token invalidates the old one for everyone (reference, "Token usage description").
 */
export class SsmTokenProvider implements TokenProvider {
  readonly #name: string;
  readonly #refreshFunction: string | undefined;
  readonly #parameters: SSMProvider;
  readonly #lambda: LambdaClient;
  readonly #clock: Clock;
  readonly #maxAge: number;
  readonly #expiryMargin: number;
  #inFlight: Promise<string> | undefined;

  constructor(options: SsmTokenProviderOptions) {
    this.#name = options.parameterName;
    this.#refreshFunction = options.refreshFunctionName;
    this.#parameters = options.parameters ?? ssmParameters();
    this.#lambda = options.lambda ?? new LambdaClient({ ...AWS_RETRY });
    this.#clock = options.clock ?? systemClock;
    this.#maxAge = options.maxAgeSeconds ?? 60;
    this.#expiryMargin = options.expiryMarginMs ?? 5 * 60_000;
  }

  async token(): Promise<string> {
    const stored = await this.#read(false);
    if (stored && !this.#isExpiring(stored)) return stored.token;
    return this.#shareRefresh(stored?.token);
  }

  refresh(rejected: string): Promise<string> {
    return this.#shareRefresh(rejected);
  }

  #shareRefresh(rejected: string | undefined): Promise<string> {
    this.#inFlight ??= this.#refresh(rejected).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #refresh(rejected: string | undefined): Promise<string> {
    const current = await this.#read(true);
    if (current && current.token !== rejected && !this.#isExpiring(current)) return current.token;
    if (this.#refreshFunction === undefined) {
      throw new TokenRefreshError(
        `${this.#name} holds no usable token, and no token-refresh function was named to replace it`,
      );
    }
    await this.#invokeRefresh(this.#refreshFunction, current ? tokenFingerprint(current.token) : undefined);
    const replaced = await this.#read(true);
    if (!replaced || replaced.token === rejected) {
      throw new TokenRefreshError(`token-refresh left ${this.#name} without a new token`);
    }
    return replaced.token;
  }

  async #invokeRefresh(functionName: string, rejectedHash: string | undefined): Promise<void> {
    const payload = rejectedHash ? { rejectedHash } : {};
    let response: InvokeCommandOutput;
    try {
      response = await this.#lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    } catch (cause) {
      throw new TokenRefreshError(`cannot invoke ${functionName}`, { cause });
    }
    if (response.FunctionError) {
      throw new TokenRefreshError(`${functionName} failed (${response.FunctionError})`);
    }
  }

  #read(forceFetch: boolean): Promise<StoredToken | null> {
    return readStoredToken(this.#parameters, this.#name, { forceFetch, maxAge: this.#maxAge });
  }

  #isExpiring(stored: StoredToken): boolean {
    return Date.parse(stored.expiresAt) - this.#expiryMargin <= this.#clock.now();
  }
}
