import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LiteSVM } from 'litesvm';
import { DevnetChain, type LandedTransaction } from './devnet-chain';
import { decodeWire } from './wire';

const BANK_FILE = 'litesvm.bin';
const LEDGER_FILE = 'ledger.json';

type Ledger = ReturnType<DevnetChain['ledger']>;

/** The chain saved in `dir` by {@link saveChain}, or a fresh one when `dir` holds none. */
export function loadChain(dir: string): DevnetChain {
  const bankFile = path.join(dir, BANK_FILE);
  const ledgerFile = path.join(dir, LEDGER_FILE);
  if (!existsSync(bankFile) || !existsSync(ledgerFile)) return new DevnetChain();
  return DevnetChain.restore(LiteSVM.loadFromFile(bankFile), parseLedger(readFileSync(ledgerFile, 'utf8')));
}

/** Writes the bank (LiteSVM snapshot) and the ledger to `dir`, each atomically (temp file, then rename). */
export function saveChain(chain: DevnetChain, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const bankTemp = path.join(dir, `${BANK_FILE}.tmp`);
  chain.svm.saveToFile(bankTemp);
  renameSync(bankTemp, path.join(dir, BANK_FILE));
  const ledgerTemp = path.join(dir, `${LEDGER_FILE}.tmp`);
  writeFileSync(ledgerTemp, stringifyLedger(chain.ledger()));
  renameSync(ledgerTemp, path.join(dir, LEDGER_FILE));
}

// Balances exceed 2^53 (the faucet holds 1e18 lamports): bigints are kept as decimal strings.
function stringifyLedger(ledger: Ledger): string {
  return JSON.stringify({
    slot: String(ledger.slot),
    height: String(ledger.height),
    blockhashes: ledger.blockhashes.map(([hash, lastValid]) => [hash, String(lastValid)]),
    transactions: ledger.transactions.map(({ wire, slot, blockTime, meta }) => ({
      wire: Buffer.from(wire).toString('base64'),
      slot: String(slot),
      blockTime: String(blockTime),
      meta: { ...meta, fee: String(meta.fee), computeUnitsConsumed: String(meta.computeUnitsConsumed), preBalances: meta.preBalances.map(String), postBalances: meta.postBalances.map(String) },
    })),
  });
}

interface StoredTransaction {
  wire: string;
  slot: string;
  blockTime: string;
  meta: Omit<LandedTransaction['meta'], 'fee' | 'computeUnitsConsumed' | 'preBalances' | 'postBalances'> & {
    fee: string;
    computeUnitsConsumed: string;
    preBalances: string[];
    postBalances: string[];
  };
}

function parseLedger(text: string): Ledger {
  const stored = JSON.parse(text) as { slot: string; height: string; blockhashes: [string, string][]; transactions: StoredTransaction[] };
  return {
    slot: BigInt(stored.slot),
    height: BigInt(stored.height),
    blockhashes: stored.blockhashes.map(([hash, lastValid]) => [hash, BigInt(lastValid)]),
    transactions: stored.transactions.map((tx) => {
      const wire = new Uint8Array(Buffer.from(tx.wire, 'base64'));
      const { message, signature, signatures } = decodeWire(wire);
      const { meta } = tx;
      return {
        signature,
        slot: BigInt(tx.slot),
        blockTime: BigInt(tx.blockTime),
        wire,
        signatures,
        message,
        meta: { ...meta, fee: BigInt(meta.fee), computeUnitsConsumed: BigInt(meta.computeUnitsConsumed), preBalances: meta.preBalances.map(BigInt), postBalances: meta.postBalances.map(BigInt) },
      };
    }),
  };
}
