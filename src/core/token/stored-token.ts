/** The shared Sobot token as its store holds it; token-refresh is its only writer. */
export interface StoredToken {
  readonly token: string;
  /** ISO 8601 with offset. */
  readonly expiresAt: string;
  /** When token-refresh wrote it (ISO 8601); absent in a hand-written parameter. */
  readonly refreshedAt?: string;
}
