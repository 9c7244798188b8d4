import { Interface, type Provider, type TransactionReceipt } from 'ethers';
import { serializeVaa, signVaa, toUniversalAddress, type VaaBody } from '@corex/wormhole';

/** Wormhole's published devnet guardian key (public: the guardian of every local Wormhole network). */
export const DEVNET_GUARDIAN_KEY = '0xcfb12303a19cde580bb4dd771639b0d26bc68353645571a8cff516ab2ee113a0';

const CORE_EVENTS = new Interface(['event LogMessagePublished(address indexed sender, uint64 sequence, uint32 nonce, bytes payload, uint8 consistencyLevel)']);

/**
 * The VAA bodies of the messages a transaction published through `core`, built as a guardian observes
 * them: the block's timestamp, the chain's Wormhole id, the sender as universal address.
 */
export async function observedMessages(receipt: TransactionReceipt, core: string, wormholeChainId: number, provider: Provider): Promise<VaaBody[]> {
  const block = await provider.getBlock(receipt.blockNumber);
  if (!block) throw new Error(`block ${receipt.blockNumber} not found`);
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === core.toLowerCase())
    .map((log) => CORE_EVENTS.parseLog(log))
    .filter((parsed) => parsed?.name === 'LogMessagePublished')
    .map((parsed) => ({
      timestamp: block.timestamp,
      nonce: Number(parsed!.args.nonce),
      emitterChain: wormholeChainId,
      emitterAddress: toUniversalAddress(parsed!.args.sender),
      sequence: BigInt(parsed!.args.sequence),
      consistencyLevel: Number(parsed!.args.consistencyLevel),
      payload: parsed!.args.payload,
    }));
}

/** The single message a transaction published; throws when there is not exactly one. */
export async function observedMessage(receipt: TransactionReceipt, core: string, wormholeChainId: number, provider: Provider): Promise<VaaBody> {
  const bodies = await observedMessages(receipt, core, wormholeChainId, provider);
  if (bodies.length !== 1) throw new Error(`expected one LogMessagePublished from ${core}, found ${bodies.length}`);
  return bodies[0];
}

/** A serialized VAA of `body` signed by `keys` (default: the devnet guardian); key i signs as guardian `indices?.[i] ?? i`. */
export function signedVaa(body: VaaBody, keys: string[] = [DEVNET_GUARDIAN_KEY], guardianSetIndex = 0, indices?: number[]): string {
  return serializeVaa(signVaa(body, keys, guardianSetIndex, indices));
}
