import {
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type Clock, systemClock } from '../../core/clock.ts';
import { ArchiveError } from '../../core/delivery/errors.ts';
import { assertSafeKey } from '../../core/delivery/layout.ts';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../../core/report/ports.ts';
import { DEFAULT_RETRY, isTransientAwsError, type RetryPolicy, withRetry } from '../aws/retry.ts';

export interface S3ArchiveStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key, e.g. `prod/`. */
  readonly prefix?: string;
  /**
   * `if-none-match` (S3, default) writes with `If-None-Match: *`, atomic. `check-then-put` is for
   * emulators without conditional writes (s3rver): a HEAD-less get then put, NOT atomic.
   */
  readonly conditionalWrites?: 'if-none-match' | 'check-then-put';
  /**
   * Retries of transient errors (5xx, throttling, dropped connections). The SDK client retries too
   * (3 attempts by default); give it `maxAttempts: 1` to make this the only policy.
   */
  readonly retry?: Partial<RetryPolicy>;
  readonly clock?: Clock;
}

export class S3ArchiveStore implements ArchiveStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #conditional: 'if-none-match' | 'check-then-put';
  readonly #retry: RetryPolicy;
  readonly #clock: Clock;

  constructor(options: S3ArchiveStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? '';
    this.#conditional = options.conditionalWrites ?? 'if-none-match';
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#clock = options.clock ?? systemClock;
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

  /** Retries transient failures; wraps the final one in an ArchiveError with the SDK error as cause. */
  async #send<T>(key: string, verb: 'read' | 'write', operation: () => Promise<T>): Promise<T> {
    const target = this.#key(key);
    try {
      return await withRetry(operation, {
        policy: this.#retry,
        clock: this.#clock,
        isRetryable: (error) =>
          !isPreconditionFailed(error) &&
          !isNotFound(error) &&
          (isTransientAwsError(error) || isConditionalConflict(error)),
      });
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

/** 409: S3 asks to retry when two conditional writes to one key overlap; the retry then sees 412. */
function isConditionalConflict(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalRequestConflict' || statusOf(error) === 409;
}

function isNotFound(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}
