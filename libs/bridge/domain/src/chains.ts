import type { BridgeChainName } from '@corex/events';

/** A chain the bridge serves. */
export interface BridgeChain {
  name: BridgeChainName;
  wormholeChainId: number;
  /** EVM chain id; undefined for Solana. */
  evmChainId?: number;
  kind: 'evm' | 'solana';
}

/** The chains of issue 14; Ethereum is home (CXT, staking, mining pool, CorexHub). */
export const BRIDGE_CHAINS: readonly BridgeChain[] = [
  { name: 'ethereum', wormholeChainId: 2, evmChainId: 1, kind: 'evm' },
  { name: 'bsc', wormholeChainId: 4, evmChainId: 56, kind: 'evm' },
  { name: 'arbitrum', wormholeChainId: 23, evmChainId: 42161, kind: 'evm' },
  { name: 'solana', wormholeChainId: 1, kind: 'solana' },
];

export const HOME_CHAIN: BridgeChainName = 'ethereum';

/** The chain with this name or Wormhole chain id, if the bridge serves it. */
export function bridgeChain(nameOrWormholeId: string | number): BridgeChain | undefined {
  return BRIDGE_CHAINS.find((c) => c.name === nameOrWormholeId || c.wormholeChainId === nameOrWormholeId);
}

/** The chain reference carried in events. */
export function chainRef(chain: BridgeChain): { name: BridgeChainName; wormholeChainId: number } {
  return { name: chain.name, wormholeChainId: chain.wormholeChainId };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Decodes base58 (Bitcoin alphabet); undefined for a character outside it. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn));
  const leadingZeros = text.length - text.replace(/^1+/, '').length;
  return Uint8Array.from([...new Array<number>(leadingZeros).fill(0), ...bytes]);
}

/** A Solana public key: base58 of exactly 32 bytes. */
export function isSolanaAddress(text: string): boolean {
  return text.length >= 32 && text.length <= 44 && decodeBase58(text)?.length === 32;
}

export function isEvmAddress(text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text);
}

/** Whether `recipient` can receive tokens on `chain`: an EVM address on an EVM chain, a Solana owner on Solana. */
export function isRecipientFor(chain: BridgeChain, recipient: string): boolean {
  return chain.kind === 'evm' ? isEvmAddress(recipient) : isSolanaAddress(recipient);
}
