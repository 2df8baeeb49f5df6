/** What the token layer reports, for metrics; every method is optional to implement. */
export interface TokenEvents {
  cacheHit?(kind: string): void;
  cacheMiss?(kind: string): void;
  grant?(kind: 'jwt' | 'downscope' | 'revoke'): void;
}
