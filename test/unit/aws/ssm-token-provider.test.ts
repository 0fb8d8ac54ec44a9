import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmTokenProvider, TokenRefreshError } from '../../../src/adapters/aws/ssm-token-provider.ts';
import { tokenFingerprint } from '../../../src/core/token/fingerprint.ts';

const PARAMETER = '/sobot-report-mailer/token';
const NOW = Date.parse('2025-11-12T00:00:00Z');
const clock = { now: () => NOW, sleep: async () => {} };

const ssmMock = mockClient(SSMClient);
const lambdaMock = mockClient(LambdaClient);

function stored(token: string, expiresAt = '2025-11-12T20:00:00Z') {
  return { Parameter: { Name: PARAMETER, Value: JSON.stringify({ token, expiresAt }) } };
}

function createProvider() {
  return new SsmTokenProvider({
    parameterName: PARAMETER,
    refreshFunctionName: 'token-refresh',
    parameters: new SSMProvider({ awsSdkV3Client: new SSMClient({ region: 'eu-west-1' }) }),
    lambda: new LambdaClient({ region: 'eu-west-1' }),
    clock,
  });
}

/** token-refresh as SSM sees it: once invoked, the parameter holds the new token. */
function refreshReplaces(oldToken: string, newToken: string) {
  let current = oldToken;
  ssmMock.on(GetParameterCommand).callsFake(async () => stored(current));
  lambdaMock.on(InvokeCommand).callsFake(async () => {
    current = newToken;
    return { StatusCode: 200 };
  });
}

describe('Class: SsmTokenProvider', () => {
  beforeEach(() => {
    ssmMock.reset();
    lambdaMock.reset();
  });

  it('reads the token from the SecureString parameter with decryption', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(stored('token-a'));
    const provider = createProvider();

    // Act
    const token = await provider.token();

    // Assess
    expect(token).toBe('token-a');
    expect(ssmMock.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: PARAMETER,
      WithDecryption: true,
    });
  });

  it('serves repeated reads from the short-lived cache', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(stored('token-a'));
    const provider = createProvider();

    // Act
    await provider.token();
    await provider.token();

    // Assess
    expect(ssmMock.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('invokes token-refresh once for 50 concurrent refreshes of the same rejected token', async () => {
    // Prepare
    refreshReplaces('token-old', 'token-new');
    const provider = createProvider();

    // Act
    const tokens = await Promise.all(Array.from({ length: 50 }, () => provider.refresh('token-old')));

    // Assess
    expect(new Set(tokens)).toEqual(new Set(['token-new']));
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
  });

  it('sends only the SHA-256 of the rejected token, synchronously, to token-refresh', async () => {
    // Prepare
    refreshReplaces('token-old', 'token-new');
    const provider = createProvider();

    // Act
    await provider.refresh('token-old');

    // Assess
    const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
    const payload = new TextDecoder().decode(input?.Payload as Uint8Array);
    expect(input?.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(payload)).toEqual({ rejectedHash: tokenFingerprint('token-old') });
    expect(payload).not.toContain('token-old');
  });

  it('does not invoke token-refresh when another instance already replaced the rejected token', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(stored('token-new'));
    const provider = createProvider();

    // Act
    const token = await provider.refresh('token-old');

    // Assess
    expect(token).toBe('token-new');
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('force-fetches past the cache when refreshing', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolvesOnce(stored('token-old')).resolves(stored('token-new'));
    const provider = createProvider();
    await provider.token();

    // Act
    const token = await provider.refresh('token-old');

    // Assess
    expect(token).toBe('token-new');
    expect(ssmMock.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('asks token-refresh for a first token when the parameter does not exist yet', async () => {
    // Prepare
    let created = false;
    ssmMock.on(GetParameterCommand).callsFake(async () => {
      if (!created) throw new ParameterNotFound({ message: 'not found', $metadata: {} });
      return stored('token-first');
    });
    lambdaMock.on(InvokeCommand).callsFake(async () => {
      created = true;
      return { StatusCode: 200 };
    });
    const provider = createProvider();

    // Act
    const token = await provider.token();

    // Assess
    expect(token).toBe('token-first');
    const payload = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({});
  });

  it('refreshes a stored token that is about to expire before handing it out', async () => {
    // Prepare
    let current = stored('token-expiring', '2025-11-12T00:01:00Z');
    ssmMock.on(GetParameterCommand).callsFake(async () => current);
    lambdaMock.on(InvokeCommand).callsFake(async () => {
      current = stored('token-new');
      return { StatusCode: 200 };
    });
    const provider = createProvider();

    // Act
    const token = await provider.token();

    // Assess
    expect(token).toBe('token-new');
  });

  it('fails with a TokenRefreshError that does not contain the token when token-refresh errors', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(stored('token-old'));
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled' });
    const provider = createProvider();

    // Act
    const failure = await provider.refresh('token-old').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(TokenRefreshError);
    expect(JSON.stringify(failure) + String(failure)).not.toContain('token-old');
  });

  it('fails when token-refresh leaves the rejected token in place', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(stored('token-old'));
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200 });
    const provider = createProvider();

    // Act
    const refreshing = provider.refresh('token-old');

    // Assess
    await expect(refreshing).rejects.toThrow(TokenRefreshError);
  });

  it('fails naming the parameter, invoking nothing, when no token-refresh function was named', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(stored('token-old'));
    const provider = new SsmTokenProvider({
      parameterName: PARAMETER,
      parameters: new SSMProvider({ awsSdkV3Client: new SSMClient({ region: 'eu-west-1' }) }),
      lambda: new LambdaClient({ region: 'eu-west-1' }),
      clock,
    });

    // Act
    const failure = await provider.refresh('token-old').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(TokenRefreshError);
    expect((failure as Error).message).toBe(
      `${PARAMETER} holds no usable token, and no token-refresh function was named to replace it`,
    );
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
