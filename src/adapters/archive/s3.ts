import {
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  paginateListObjectsV2,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ArchiveError } from '../../core/delivery/errors.ts';
import { assertSafeKey } from '../../core/delivery/layout.ts';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../../core/report/ports.ts';
import { AWS_RETRY } from '../aws/sdk-retry.ts';

/**
 * The S3 client the archive is meant to run on: the SDK's standard retries (see AWS_RETRY), plus a
 * 409 `ConditionalRequestConflict` marked retryable. S3 answers it when two conditional writes to one
 * key overlap and asks for the request to be repeated; the repeat then sees the winner's object (412,
 * `putIfAbsent` answers false). `config` adds to or overrides the defaults (endpoint, region, tests).
 */
export function archiveS3Client(config: S3ClientConfig = {}): S3Client {
  const client = new S3Client({ ...AWS_RETRY, ...config });
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isConditionalConflict(error)) (error as { $retryable?: object }).$retryable = {};
        throw error;
      }
    },
    // Inside the retry middleware (finalizeRequest, high priority), around the deserializer.
    { step: 'finalizeRequest', priority: 'low', name: 'retryConditionalRequestConflict', override: true },
  );
  return client;
}

interface S3ArchiveStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key, e.g. `prod/`. */
  readonly prefix?: string;
  /**
   * `if-none-match` (S3, default) writes with `If-None-Match: *`, atomic. `check-then-put` is for
   * emulators without conditional writes (s3rver): a HEAD-less get then put, NOT atomic.
   */
  readonly conditionalWrites?: 'if-none-match' | 'check-then-put';
  /** The bucket's region, for the S3 console links in the email; without it the console finds the bucket. */
  readonly region?: string | undefined;
}

/**
 * The archive in an S3 bucket. Retries are the client's (see `archiveS3Client`): every call here is
 * one `send`, and the SDK's final error becomes an ArchiveError naming the object, with it as cause.
 */
export class S3ArchiveStore implements ArchiveStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #conditional: 'if-none-match' | 'check-then-put';
  readonly #region: string | undefined;

  constructor(options: S3ArchiveStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? '';
    this.#conditional = options.conditionalWrites ?? 'if-none-match';
    this.#region = options.region;
  }

  async put(key: string, object: ArchiveObject): Promise<void> {
    await this.#send(key, 'write', () =>
      this.#client.send(new PutObjectCommand(this.#putInput(key, object))),
    );
  }

  async putIfAbsent(key: string, object: ArchiveObject): Promise<boolean> {
    if (this.#conditional === 'check-then-put') {
      if ((await this.get(key)) !== null) return false;
      await this.put(key, object);
      return true;
    }
    try {
      await this.#send(key, 'write', () =>
        this.#client.send(new PutObjectCommand({ ...this.#putInput(key, object), IfNoneMatch: '*' })),
      );
      return true;
    } catch (error) {
      if (error instanceof ArchiveError && isPreconditionFailed(error.cause)) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await this.#send(key, 'read', async () => {
        const response = await this.#client.send(
          new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }),
        );
        if (!response.Body) return new Uint8Array();
        return await response.Body.transformToByteArray();
      });
    } catch (error) {
      if (error instanceof ArchiveError && isNotFound(error.cause)) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<ArchiveEntry[]> {
    const entries: ArchiveEntry[] = [];
    const pages = paginateListObjectsV2(
      { client: this.#client },
      { Bucket: this.#bucket, Prefix: this.#prefix + prefix },
    );
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue;
          entries.push({
            key: object.Key.slice(this.#prefix.length),
            size: object.Size ?? 0,
            lastModified: object.LastModified ?? new Date(0),
          });
        }
      }
    } catch (cause) {
      throw new ArchiveError(`cannot list s3://${this.#bucket}/${this.#prefix}${prefix}`, prefix, { cause });
    }
    return entries;
  }

  locate(key: string): string {
    return `s3://${this.#bucket}/${this.#key(key)}`;
  }

  /**
   * The folder in the S3 console, the form the console's own address bar shows for a folder:
   * `https://<region>.console.aws.amazon.com/s3/buckets/<bucket>?region=<region>&prefix=<folder>/`.
   * It shows the folder only to someone signed in to the account who may list the bucket.
   */
  browseUrl(folder: string): string {
    const prefix = encodeURIComponent(`${this.#key(folder)}/`).replaceAll('%2F', '/');
    const bucket = encodeURIComponent(this.#bucket);
    const region = this.#region;
    if (!region) return `https://s3.console.aws.amazon.com/s3/buckets/${bucket}?prefix=${prefix}`;
    const query = `region=${encodeURIComponent(region)}&prefix=${prefix}&showversions=false`;
    return `https://${consoleHost(region)}/s3/buckets/${bucket}?${query}`;
  }

  #key(key: string): string {
    return this.#prefix + assertSafeKey(key);
  }

  #putInput(key: string, object: ArchiveObject): PutObjectCommandInput {
    return {
      Bucket: this.#bucket,
      Key: this.#key(key),
      Body: object.body,
      ContentType: object.contentType,
      ContentDisposition: object.contentDisposition,
      ContentEncoding: object.contentEncoding,
      Metadata: object.metadata ? { ...object.metadata } : undefined,
    };
  }

  /** Wraps the SDK's final error (after its retries) in an ArchiveError with the SDK error as cause. */
  async #send<T>(key: string, verb: 'read' | 'write', operation: () => Promise<T>): Promise<T> {
    const target = this.#key(key);
    try {
      return await operation();
    } catch (cause) {
      throw new ArchiveError(`cannot ${verb} s3://${this.#bucket}/${target}`, key, { cause });
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** 412: something is already at the key (`If-None-Match: *`). */
function isPreconditionFailed(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'PreconditionFailed' || statusOf(error) === 412;
}

/** 409 `ConditionalRequestConflict` (other 409s, e.g. `OperationAborted`, are not S3 asking for a repeat). */
function isConditionalConflict(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalRequestConflict';
}

function isNotFound(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

/** The AWS China and GovCloud partitions have consoles of their own. */
function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return `${encodeURIComponent(region)}.console.aws.amazon.com`;
}
