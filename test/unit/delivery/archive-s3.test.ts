import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { archiveS3Client, S3ArchiveStore } from '../../../src/adapters/archive/s3.ts';
import { archiveObjectFor } from '../../../src/core/delivery/archive-object.ts';
import { ArchiveError } from '../../../src/core/delivery/errors.ts';

const s3 = mockClient(S3Client);

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

/**
 * aws-sdk-client-mock answers `send` itself, so the SDK's retry middleware never runs here: these tests
 * show what the store sends and how it reads answers. The retries themselves are shown against a local
 * HTTP server (test/integration/delivery/aws-retries.integration.test.ts).
 */
function store() {
  return new S3ArchiveStore({ client: new S3Client({}), bucket: 'archive', prefix: 'prod/' });
}

describe('Class: S3ArchiveStore', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('puts with content type, disposition, encoding and metadata under the prefix', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const key = 'reports/r/weekly/2025/2025-W45/raw.json.gz';

    // Act
    await store().put(key, archiveObjectFor(key, new Uint8Array([31, 139]), { 'report-id': 'r' }));

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'archive',
      Key: `prod/${key}`,
      ContentType: 'application/json',
      ContentEncoding: 'gzip',
      ContentDisposition: 'attachment; filename="raw.json"',
      Metadata: { 'report-id': 'r' },
    });
  });

  it('writes putIfAbsent with If-None-Match: * and reports the write', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const key = 'ledger/r/x.claim.json';

    // Act
    const written = await store().putIfAbsent(key, archiveObjectFor(key, '{}'));

    // Assess
    expect(written).toBe(true);
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfNoneMatch).toBe('*');
  });

  it('answers false when S3 says 412 PreconditionFailed, without retrying', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(serviceError('PreconditionFailed', 412));
    const key = 'ledger/r/x.claim.json';

    // Act
    const written = await store().putIfAbsent(key, archiveObjectFor(key, '{}'));

    // Assess
    expect(written).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('sends a write once and leaves retrying to the SDK client', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(serviceError('SlowDown', 503));
    const key = 'reports/r/index.html';

    // Act
    const result = store().put(key, archiveObjectFor(key, '<p>'));

    // Assess
    await expect(result).rejects.toBeInstanceOf(ArchiveError);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('wraps the final SDK error in an ArchiveError naming the object, with the SDK error as cause', async () => {
    // Prepare
    const cause = serviceError('AccessDenied', 403);
    s3.on(PutObjectCommand).rejects(cause);
    const key = 'reports/r/index.html';

    // Act
    const error = await store()
      .put(key, archiveObjectFor(key, '<p>'))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toEqual(new ArchiveError('cannot write s3://archive/prod/reports/r/index.html', key));
    expect(error).toMatchObject({ key, cause });
  });

  it('reads an object back, and null for a missing key', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Key: 'prod/a.json' }).resolves({
      // The SDK's stream mixin, as far as the store uses it.
      Body: { transformToByteArray: async () => Buffer.from('{"a":1}') } as never,
    });
    s3.on(GetObjectCommand, { Key: 'prod/missing.json' }).rejects(
      new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }),
    );
    const archive = store();

    // Act
    const found = await archive.get('a.json');
    const missing = await archive.get('missing.json');

    // Assess
    expect(Buffer.from(found ?? []).toString()).toBe('{"a":1}');
    expect(missing).toBeNull();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('lists every page with the prefix stripped', async () => {
    // Prepare
    const at = new Date('2025-11-10T00:00:00Z');
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'prod/reports/a', Size: 1, LastModified: at }],
        IsTruncated: true,
        NextContinuationToken: 't',
      })
      .resolvesOnce({ Contents: [{ Key: 'prod/reports/b', Size: 2, LastModified: at }], IsTruncated: false });

    // Act
    const entries = await store().list('reports/');

    // Assess
    expect(entries).toEqual([
      { key: 'reports/a', size: 1, lastModified: at },
      { key: 'reports/b', size: 2, lastModified: at },
    ]);
    expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken).toBe('t');
  });

  it('locates an object as an s3:// URI', () => {
    // Act & Assess
    expect(store().locate('reports/r/x.xlsx')).toBe('s3://archive/prod/reports/r/x.xlsx');
  });

  it.each([
    [
      'eu-west-1',
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/archive?region=eu-west-1&prefix=prod/reports/r/weekly/2025/2025-W45/&showversions=false',
    ],
    [
      'cn-north-1',
      'https://console.amazonaws.cn/s3/buckets/archive?region=cn-north-1&prefix=prod/reports/r/weekly/2025/2025-W45/&showversions=false',
    ],
    [
      undefined,
      'https://s3.console.aws.amazon.com/s3/buckets/archive?prefix=prod/reports/r/weekly/2025/2025-W45/',
    ],
  ])('links a folder in the S3 console of region %s', (region, expected) => {
    // Prepare
    const archive = new S3ArchiveStore({
      client: new S3Client({}),
      bucket: 'archive',
      prefix: 'prod/',
      region,
    });

    // Act
    const url = archive.browseUrl('reports/r/weekly/2025/2025-W45');

    // Assess
    expect(url).toBe(expected);
  });

  it('escapes what a folder name could add to the console link’s query', () => {
    // Act
    const url = new URL(store().browseUrl('reports/r/to-a&b=c #d'));

    // Assess
    expect(url.searchParams.get('prefix')).toBe('prod/reports/r/to-a&b=c #d/');
    expect([...url.searchParams.keys()]).toEqual(['prefix']);
  });
});

/** What the SDK's StandardRetryStrategy shows of itself. */
interface StandardStrategy {
  readonly mode: string;
  maxAttempts(): Promise<number>;
}

describe('Function: archiveS3Client', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('retries with the SDK standard strategy, four attempts in all', async () => {
    // Act
    const client = archiveS3Client({ region: 'eu-west-1' });

    // Assess
    const strategy = (await client.config.retryStrategy()) as unknown as StandardStrategy;
    expect(strategy.mode).toBe('standard');
    expect(await strategy.maxAttempts()).toBe(4);
    expect(await client.config.maxAttempts()).toBe(4);
  });

  it('keeps its retries when the environment asks for others', async () => {
    // Prepare
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    vi.stubEnv('AWS_RETRY_MODE', 'adaptive');

    // Act
    const client = archiveS3Client({ region: 'eu-west-1' });

    // Assess
    const strategy = (await client.config.retryStrategy()) as unknown as StandardStrategy;
    expect(strategy.mode).toBe('standard');
    expect(await strategy.maxAttempts()).toBe(4);
  });

  it('adds the caller’s endpoint and region to its retries', async () => {
    // Act
    const client = archiveS3Client({
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
    });

    // Assess
    expect(await client.config.region()).toBe('eu-central-1');
    expect(client.config.forcePathStyle).toBe(true);
  });
});
