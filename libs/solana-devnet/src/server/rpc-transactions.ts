import { getBase58Decoder, getBase58Encoder, getTransactionDecoder } from '@solana/kit';
import type { DevnetChain, LandedTransaction } from './devnet-chain';
import { asAddress, withContext, type RpcHandler } from './rpc-accounts';
import { RPC_ERROR, RpcError } from './rpc-error';

const MEMO_PROGRAMS = new Set(['MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr', 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo']);
const MAX_SIGNATURES_LIMIT = 1000;

interface SendConfig { encoding?: 'base58' | 'base64'; skipPreflight?: boolean }
interface SignaturesConfig { before?: string; until?: string; limit?: number }
interface TransactionConfig { encoding?: string; maxSupportedTransactionVersion?: number }

/** Transaction methods: sendTransaction, getSignatureStatuses, getTransaction, getSignaturesForAddress. */
export function transactionMethods(chain: DevnetChain): Record<string, RpcHandler> {
  return {
    sendTransaction: ([wire, config]) => {
      const { encoding = 'base58', skipPreflight = false } = (config ?? {}) as SendConfig;
      return chain.submit(decodeParam(wire, encoding), { skipPreflight });
    },
    simulateTransaction: ([wire, config]) => {
      const { encoding = 'base58', sigVerify = false, replaceRecentBlockhash = false } = (config ?? {}) as SendConfig & { sigVerify?: boolean; replaceRecentBlockhash?: boolean };
      const transaction = getTransactionDecoder().decode(decodeParam(wire, encoding));
      // The bank does not check blockhashes (the chain does, on send): replacing one only changes what is reported.
      const replacement = replaceRecentBlockhash ? { replacementBlockhash: chain.latestBlockhash() } : {};
      return withContext(chain, { ...chain.simulate(transaction, { sigVerify }), accounts: null, returnData: null, ...replacement });
    },
    getSignatureStatuses: ([signatures]) =>
      withContext(chain, (signatures as string[]).map((signature) => statusOf(chain.transaction(signature)))),
    getTransaction: ([signature, config]) => {
      const landed = chain.transaction(String(signature));
      return landed ? encodeTransaction(landed, (config ?? {}) as TransactionConfig) : null;
    },
    getSignaturesForAddress: ([address, config]) => signaturesForAddress(chain, String(asAddress(address)), (config ?? {}) as SignaturesConfig),
  };
}

function decodeParam(wire: unknown, encoding: string): Uint8Array {
  if (typeof wire !== 'string') throw new RpcError(RPC_ERROR.invalidParams, 'Invalid params: expected an encoded transaction');
  return new Uint8Array(encoding === 'base64' ? Buffer.from(wire, 'base64') : getBase58Encoder().encode(wire));
}

function statusOf(landed: LandedTransaction | undefined) {
  if (!landed) return null;
  const { err } = landed.meta;
  return { slot: landed.slot, confirmations: null, err, status: err ? { Err: err } : { Ok: null }, confirmationStatus: 'finalized' };
}

function signaturesForAddress(chain: DevnetChain, address: string, config: SignaturesConfig) {
  const limit = config.limit ?? MAX_SIGNATURES_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SIGNATURES_LIMIT) {
    throw new RpcError(RPC_ERROR.invalidParams, `Invalid limit; max ${MAX_SIGNATURES_LIMIT}`);
  }
  let signatures = chain.signaturesFor(address);
  if (config.before) signatures = signatures.slice(signatures.indexOf(config.before as never) + 1 || signatures.length);
  if (config.until) {
    const until = signatures.indexOf(config.until as never);
    if (until >= 0) signatures = signatures.slice(0, until);
  }
  return signatures.slice(0, limit).map((signature) => {
    const landed = chain.transaction(signature) as LandedTransaction;
    return { signature, slot: landed.slot, err: landed.meta.err, memo: memoOf(landed), blockTime: landed.blockTime, confirmationStatus: 'finalized' };
  });
}

function memoOf(landed: LandedTransaction): string | null {
  const keys = landed.message.staticAccounts;
  const memos = landed.message.instructions
    .filter((instruction) => MEMO_PROGRAMS.has(keys[instruction.programAddressIndex]))
    .map((instruction) => Buffer.from(instruction.data ?? new Uint8Array()))
    .map((data) => `[${data.length}] ${data.toString('utf8')}`);
  return memos.length ? memos.join('; ') : null;
}

function encodeTransaction(landed: LandedTransaction, config: TransactionConfig) {
  const { message } = landed;
  const versioned = config.maxSupportedTransactionVersion !== undefined;
  if (message.version !== 'legacy' && !versioned) {
    throw new RpcError(-32015, `Transaction version (${message.version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0`);
  }
  const meta = {
    ...landed.meta,
    status: landed.meta.err ? { Err: landed.meta.err } : { Ok: null },
    rewards: [],
    ...(versioned ? { loadedAddresses: { writable: [], readonly: [] } } : {}),
  };
  return { slot: landed.slot, blockTime: landed.blockTime, meta, transaction: encodeBody(landed, config.encoding, versioned), ...(versioned ? { version: message.version } : {}) };
}

function encodeBody(landed: LandedTransaction, encoding = 'json', versioned: boolean) {
  if (encoding === 'base64') return [Buffer.from(landed.wire).toString('base64'), 'base64'];
  if (encoding === 'base58') return [getBase58Decoder().decode(landed.wire), 'base58'];
  if (encoding !== 'json') throw new RpcError(RPC_ERROR.invalidParams, `Unsupported encoding: ${encoding} (the devnet answers json, base64, base58)`);
  const { message } = landed;
  return {
    signatures: landed.signatures,
    message: {
      accountKeys: message.staticAccounts,
      header: {
        numRequiredSignatures: message.header.numSignerAccounts,
        numReadonlySignedAccounts: message.header.numReadonlySignerAccounts,
        numReadonlyUnsignedAccounts: message.header.numReadonlyNonSignerAccounts,
      },
      instructions: message.instructions.map((instruction) => ({
        programIdIndex: instruction.programAddressIndex,
        accounts: instruction.accountIndices ?? [],
        data: getBase58Decoder().decode(instruction.data ?? new Uint8Array()),
        stackHeight: null,
      })),
      recentBlockhash: message.lifetimeToken,
      ...(versioned && message.version !== 'legacy' ? { addressTableLookups: [] } : {}),
    },
  };
}
