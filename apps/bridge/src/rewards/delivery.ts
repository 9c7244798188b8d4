/** Where a reward transfer got on its target chain: minted (tx or Solana signature), or held by the rate limit until `releaseAt`. */
export type DeliveryOutcome =
  | { kind: 'delivered'; txHash?: string; signature?: string }
  | { kind: 'held'; reason: 'daily-cap' | 'large-transfer'; releaseAt: Date };
