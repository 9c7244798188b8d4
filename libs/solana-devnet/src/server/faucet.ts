import {
  appendTransactionMessageInstruction,
  createTransactionMessage,
  generateKeyPairSigner,
  getTransactionEncoder,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Blockhash,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';
import { getTransferSolInstruction, SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import type { DevnetChain } from './devnet-chain';

const FAUCET_LAMPORTS = 1_000_000_000n * 1_000_000_000n;

/**
 * Answers `requestAirdrop` with a real system transfer from a funded faucet account, so an airdrop lands, is indexed
 * and confirmed like any other transaction.
 */
export class Faucet {
  private constructor(
    private readonly chain: DevnetChain,
    private readonly signer: KeyPairSigner,
  ) {}

  static async create(chain: DevnetChain): Promise<Faucet> {
    const signer = await generateKeyPairSigner();
    chain.svm.setAccount({
      address: signer.address,
      executable: false,
      lamports: lamports(FAUCET_LAMPORTS),
      programAddress: SYSTEM_PROGRAM_ADDRESS,
      space: 0n,
      data: new Uint8Array(),
    });
    return new Faucet(chain, signer);
  }

  async airdrop(recipient: Address, amount: bigint): Promise<Signature> {
    const { blockhash, lastValidBlockHeight } = this.chain.latestBlockhash();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(this.signer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: blockhash as Blockhash, lastValidBlockHeight }, m),
      (m) => appendTransactionMessageInstruction(getTransferSolInstruction({ source: this.signer, destination: recipient, amount }), m),
    );
    const transaction = await signTransactionMessageWithSigners(message);
    return this.chain.submit(new Uint8Array(getTransactionEncoder().encode(transaction)));
  }
}
