import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SsmTokenStore } from '../../../src/adapters/aws/ssm-token-store.ts';

const NAMES = { appId: '/app/appid', appKey: '/app/app-key', token: '/app/token' };

const ssmMock = mockClient(SSMClient);

function createStore() {
  return new SsmTokenStore({
    parameters: new SSMProvider({ awsSdkV3Client: new SSMClient({ region: 'eu-west-1' }) }),
    names: NAMES,
  });
}

function storeValue(value: string) {
  ssmMock.on(GetParameterCommand, { Name: NAMES.token }).resolves({ Parameter: { Value: value } });
}

describe('Class: SsmTokenStore', () => {
  beforeEach(() => {
    ssmMock.reset();
    ssmMock.on(GetParameterCommand, { Name: NAMES.appId }).resolves({ Parameter: { Value: 'app-1' } });
    ssmMock.on(GetParameterCommand, { Name: NAMES.appKey }).resolves({ Parameter: { Value: 'key-secret' } });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(() => ssmMock.restore());

  it('reads the stored token decrypted and past the cache every time', async () => {
    // Prepare
    storeValue(JSON.stringify({ token: 'token-a', expiresAt: '2025-11-13T12:00:00.000Z' }));
    const store = createStore();

    // Act
    const reads = [await store.read(), await store.read()];

    // Assess
    expect(reads).toEqual([
      { token: 'token-a', expiresAt: '2025-11-13T12:00:00.000Z' },
      { token: 'token-a', expiresAt: '2025-11-13T12:00:00.000Z' },
    ]);
    const calls = ssmMock.commandCalls(GetParameterCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input).toEqual({ Name: NAMES.token, WithDecryption: true });
  });

  it('reads no token before the parameter exists', async () => {
    // Prepare
    ssmMock
      .on(GetParameterCommand, { Name: NAMES.token })
      .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));

    // Act
    const stored = await createStore().read();

    // Assess
    expect(stored).toBeNull();
  });

  it('names the bad fields of a malformed token parameter without repeating its value', async () => {
    // Prepare
    storeValue(JSON.stringify({ token: 'token-secret', expiresAt: 'tomorrow' }));

    // Act
    const failure = await createStore()
      .read()
      .catch((error: unknown) => error);

    // Assess
    expect(String(failure)).toMatch(/\/app\/token does not hold .*expiresAt/);
    expect(String(failure) + JSON.stringify(failure)).not.toContain('token-secret');
  });

  it('reads the credentials decrypted and caches them for 5 minutes', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2025-11-12T12:00:00Z') });
    const store = createStore();
    const fetched = () => ssmMock.commandCalls(GetParameterCommand).length;

    // Act
    const credentials = await store.readCredentials();
    vi.setSystemTime(Date.parse('2025-11-12T12:04:59Z'));
    await store.readCredentials();
    const fetchedWithinFiveMinutes = fetched();
    vi.setSystemTime(Date.parse('2025-11-12T12:05:01Z'));
    await store.readCredentials();

    // Assess
    expect(credentials).toEqual({ appId: 'app-1', appKey: 'key-secret' });
    expect(fetchedWithinFiveMinutes).toBe(2);
    expect(fetched()).toBe(4);
    expect(ssmMock.commandCalls(GetParameterCommand).map((call) => call.args[0].input)).toEqual(
      expect.arrayContaining([
        { Name: NAMES.appId, WithDecryption: true },
        { Name: NAMES.appKey, WithDecryption: true },
      ]),
    );
  });

  it('fails naming both credential parameters when one is empty, without their values', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand, { Name: NAMES.appKey }).resolves({ Parameter: { Value: '' } });

    // Act
    const failure = await createStore()
      .readCredentials()
      .catch((error: unknown) => error);

    // Assess
    expect(String(failure)).toContain('/app/appid or /app/app-key is empty');
    expect(String(failure)).not.toContain('app-1');
  });

  it('overwrites the token parameter as a SecureString holding the JSON it reads back', async () => {
    // Prepare
    ssmMock.on(PutParameterCommand).resolves({ Version: 2 });
    const token = {
      token: 'token-new',
      expiresAt: '2025-11-13T12:00:00.000Z',
      refreshedAt: '2025-11-12T12:00:00.000Z',
    };
    const store = createStore();

    // Act
    await store.write(token);

    // Assess
    const put = ssmMock.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Name: NAMES.token, Type: 'SecureString', Overwrite: true });
    storeValue(put?.Value ?? '');
    expect(await store.read()).toEqual(token);
  });
});
