import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SobotCredentials, TokenStore } from '../../core/token/refresh-token.ts';
import type { StoredToken } from '../../core/token/stored-token.ts';
import { readStoredToken, serializeStoredToken } from './stored-token.ts';

class TokenStoreError extends Error {
  override readonly name = 'TokenStoreError';
}

/** Names of the SecureString parameters: the Sobot appid and app_key, and the shared token. */
interface TokenParameterNames {
  readonly appId: string;
  readonly appKey: string;
  readonly token: string;
}

interface SsmTokenStoreOptions {
  readonly parameters: SSMProvider;
  readonly names: TokenParameterNames;
}

/** How long the credentials are cached (seconds): they change only when someone rotates the app_key. */
const CREDENTIALS_MAX_AGE = 300;

/**
 * token-refresh's `TokenStore`: the token and the credentials are SSM SecureStrings, read decrypted.
 * The token is always read past the cache (another invocation may just have replaced it) and
 * overwritten as a SecureString; the credentials are cached for 5 minutes.
 */
export class SsmTokenStore implements TokenStore {
  readonly #parameters: SSMProvider;
  readonly #names: TokenParameterNames;

  constructor(options: SsmTokenStoreOptions) {
    this.#parameters = options.parameters;
    this.#names = options.names;
  }

  read(): Promise<StoredToken | null> {
    return readStoredToken(this.#parameters, this.#names.token, { forceFetch: true });
  }

  async readCredentials(): Promise<SobotCredentials> {
    const { appId: appIdName, appKey: appKeyName } = this.#names;
    const [appId, appKey] = await Promise.all([
      this.#parameters.get(appIdName, { decrypt: true, maxAge: CREDENTIALS_MAX_AGE }),
      this.#parameters.get(appKeyName, { decrypt: true, maxAge: CREDENTIALS_MAX_AGE }),
    ]);
    if (!appId || !appKey) throw new TokenStoreError(`${appIdName} or ${appKeyName} is empty`);
    return { appId, appKey };
  }

  async write(token: StoredToken): Promise<void> {
    await this.#parameters.set(this.#names.token, {
      value: serializeStoredToken(token),
      overwrite: true,
      parameterType: 'SecureString',
    });
  }
}
