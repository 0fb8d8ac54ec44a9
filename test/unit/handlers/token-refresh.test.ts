import { Logger } from '@aws-lambda-powertools/logger';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SsmTokenStore } from '../../../src/adapters/aws/ssm-token-store.ts';
import { tokenFingerprint } from '../../../src/core/token/fingerprint.ts';
import { createTokenRefreshHandler } from '../../../src/handlers/token-refresh.ts';

const NAMES = { appId: '/app/appid', appKey: '/app/app-key', token: '/app/token' };
const NOW = Date.parse('2025-11-12T12:00:00Z');
const MINUTE = 60_000;

const ssmMock = mockClient(SSMClient);

function storeToken(token: string, refreshedAt: number) {
  const value = JSON.stringify({
    token,
    expiresAt: new Date(refreshedAt + 86_400_000).toISOString(),
    refreshedAt: new Date(refreshedAt).toISOString(),
  });
  ssmMock.on(GetParameterCommand, { Name: NAMES.token }).resolves({ Parameter: { Value: value } });
}

function setup() {
  const fetchToken = vi.fn(async () => ({ token: 'token-new', expiresInSeconds: 86_400 }));
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const handle = createTokenRefreshHandler({
    tokenStore: new SsmTokenStore({
      parameters: new SSMProvider({ awsSdkV3Client: new SSMClient({ region: 'eu-west-1' }) }),
      names: NAMES,
    }),
    fetchToken,
    clock: { now: () => NOW, sleep: async () => {} },
    minRefreshIntervalMs: 5 * MINUTE,
    logger,
  });
  return { handle, fetchToken, logger };
}

describe('Function: token-refresh', () => {
  beforeEach(() => {
    ssmMock.reset();
    ssmMock.on(GetParameterCommand, { Name: NAMES.appId }).resolves({ Parameter: { Value: 'app-1' } });
    ssmMock.on(GetParameterCommand, { Name: NAMES.appKey }).resolves({ Parameter: { Value: 'key-secret' } });
    ssmMock.on(PutParameterCommand).resolves({ Version: 2 });
  });

  it('fetches a token with the decrypted credentials and overwrites the SecureString', async () => {
    // Prepare
    storeToken('token-old', NOW - 12 * 60 * MINUTE);
    const { handle, fetchToken } = setup();

    // Act
    const result = await handle({});

    // Assess
    expect(fetchToken).toHaveBeenCalledWith({ appId: 'app-1', appKey: 'key-secret' });
    const put = ssmMock.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Name: NAMES.token, Type: 'SecureString', Overwrite: true });
    expect(JSON.parse(put?.Value ?? '')).toEqual({
      token: 'token-new',
      expiresAt: '2025-11-13T12:00:00.000Z',
      refreshedAt: '2025-11-12T12:00:00.000Z',
    });
    expect(result).toEqual({ refreshed: true, expiresAt: '2025-11-13T12:00:00.000Z' });
  });

  it('keeps a token refreshed within the minimum interval', async () => {
    // Prepare
    storeToken('token-recent', NOW - 2 * MINUTE);
    const { handle, fetchToken } = setup();

    // Act
    const result = await handle({});

    // Assess
    expect(result).toMatchObject({ refreshed: false, reason: 'fresh' });
    expect(fetchToken).not.toHaveBeenCalled();
    expect(ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('does nothing when the rejected token was already replaced', async () => {
    // Prepare
    storeToken('token-replaced', NOW - 60 * MINUTE);
    const { handle, fetchToken } = setup();

    // Act
    const result = await handle({ rejectedHash: tokenFingerprint('token-old') });

    // Assess
    expect(result).toMatchObject({ refreshed: false, reason: 'already-replaced' });
    expect(fetchToken).not.toHaveBeenCalled();
  });

  it('replaces the stored token when it is the rejected one', async () => {
    // Prepare
    storeToken('token-old', NOW - 60 * MINUTE);
    const { handle, fetchToken } = setup();

    // Act
    const result = await handle({ rejectedHash: tokenFingerprint('token-old') });

    // Assess
    expect(result).toMatchObject({ refreshed: true });
    expect(fetchToken).toHaveBeenCalledOnce();
  });

  it('creates the token parameter on the first run', async () => {
    // Prepare
    ssmMock
      .on(GetParameterCommand, { Name: NAMES.token })
      .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const { handle } = setup();

    // Act
    const result = await handle({});

    // Assess
    expect(result).toMatchObject({ refreshed: true });
    expect(ssmMock.commandCalls(PutParameterCommand)).toHaveLength(1);
  });

  it('never logs or returns the token or the app_key', async () => {
    // Prepare
    storeToken('token-old', NOW - 60 * MINUTE);
    const { handle, logger } = setup();
    const lines: unknown[] = [];
    for (const level of ['info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
        lines.push(args);
      });
    }

    // Act
    const result = await handle({ rejectedHash: tokenFingerprint('token-old') });

    // Assess
    const visible = JSON.stringify([result, lines]);
    expect(lines.length).toBeGreaterThan(0);
    expect(visible).not.toMatch(/token-new|token-old|key-secret/);
  });

  it('rejects an event whose rejectedHash is not a SHA-256', async () => {
    // Prepare
    const { handle } = setup();

    // Act
    const handling = handle({ rejectedHash: 'token-old' });

    // Assess
    await expect(handling).rejects.toThrow(/SHA-256/);
  });
});
