import { generateKeyPairSigner, type Address, type KeyPairSigner, type TransactionSigner } from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { CXT_DECIMALS, type CorexSolanaDeployment } from './deployment';
import { airdrop, sendOrThrow, type SolanaRpc } from './send';

const AUTHORITY_FUNDING = 100_000_000_000n;

/** Options of {@link setupCorexSolana}. */
export interface SetupOptions {
  /** The bridge authority; a fresh key by default (see `authorityFromSeed` to keep one). */
  readonly authority?: TransactionSigner;
  /** The mint's keypair; a fresh key by default. If the mint already exists it is reused as is. */
  readonly mint?: KeyPairSigner;
  /** Lamports airdropped to the authority for fees and rent when it has less (default 100 SOL). */
  readonly funding?: bigint;
}

/**
 * Deploys Corex on a Solana cluster with a faucet (the devnet): funds the bridge authority, creates the CXT mint
 * (9 decimals, mint authority = the authority, no freeze authority) and the escrow (the authority's associated CXT account).
 */
export async function setupCorexSolana(rpc: SolanaRpc, options: SetupOptions = {}): Promise<{ deployment: CorexSolanaDeployment; authority: TransactionSigner }> {
  const authority = options.authority ?? (await generateKeyPairSigner());
  const funding = options.funding ?? AUTHORITY_FUNDING;
  const { value: balance } = await rpc.getBalance(authority.address).send();
  if (balance < funding) await airdrop(rpc, authority.address, funding - balance);
  const mint = options.mint ?? (await generateKeyPairSigner());
  const { value: existing } = await rpc.getAccountInfo(mint.address, { encoding: 'base64' }).send();
  const escrow = await associatedTokenAddress(authority.address, mint.address);
  const createMint = existing ? [] : await createMintInstructions(rpc, authority, mint);
  const createEscrow = getCreateAssociatedTokenIdempotentInstruction({ payer: authority, ata: escrow, owner: authority.address, mint: mint.address });
  await sendOrThrow(rpc, authority, [...createMint, createEscrow]);
  return { deployment: { authority: authority.address, mint: mint.address, escrow, decimals: CXT_DECIMALS }, authority };
}

/** The associated (classic SPL Token) account of `owner` for `mint`. */
export async function associatedTokenAddress(owner: Address, mint: Address): Promise<Address> {
  const [address] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
  return address;
}

async function createMintInstructions(rpc: SolanaRpc, authority: TransactionSigner, mint: KeyPairSigner) {
  const space = BigInt(getMintSize());
  const rent = await rpc.getMinimumBalanceForRentExemption(space).send();
  return [
    getCreateAccountInstruction({ payer: authority, newAccount: mint, lamports: rent, space, programAddress: TOKEN_PROGRAM_ADDRESS }),
    getInitializeMint2Instruction({ mint: mint.address, decimals: CXT_DECIMALS, mintAuthority: authority.address }),
  ];
}
