import { createHash } from 'node:crypto';
import { JsonRpcProvider, type Provider } from 'ethers';
import { jobIdToBytes32, ProofRegistry__factory } from '@corex/chain-contracts';
import { chainProvider } from './provider';

/** A model version as ProofRegistry holds it (bytes32 fields as 0x hex). */
export interface OnChainModelVersion {
  /** keccak256 of the job id string. */
  jobId: string;
  /** Weights the version was trained from (zero: fresh weights, or not known when recorded). */
  parent: string;
  step: number;
  accuracyBps: number;
  /** Root of the contributing fragments' Proof-of-Compute records (zero: none known). */
  fragmentsRoot: string;
  /** Block time of the recording, unix seconds. */
  recordedAt: number;
}

/** What checking a weights blob against the chain found. */
export interface ModelVerification {
  /** sha256 of the weights, hex (the registry's weights hash). */
  sha256: string;
  /** The version recorded under that hash; null when none is. */
  record: OnChainModelVersion | null;
  /** Recorded, and for the job and version asked about (when asked). */
  matches: boolean;
  /** Why it does not match; absent when it does. */
  mismatch?: 'not-recorded' | 'other-job' | 'other-version';
}

/** Where ProofRegistry is: a provider, or an RPC URL (and chain id when known). */
export interface RegistryTarget {
  provider?: Provider;
  rpcUrl?: string;
  chainId?: number;
  proofRegistry: string;
}

/**
 * Checks model weights against the chain: sha256 of the bytes, `ProofRegistry.modelOf` of that
 * hash, and (when given) that the record is of `jobId` and of version `version` (= step + 1).
 * Needs nothing but an RPC endpoint and the registry's address (docs/model-registry.md).
 */
export async function verifyModelVersion(i: RegistryTarget & { weights: Uint8Array; jobId?: string; version?: number }): Promise<ModelVerification> {
  const sha256 = createHash('sha256').update(i.weights).digest('hex');
  const record = await modelRecordOf(i, sha256);
  const mismatch = !record
    ? 'not-recorded'
    : i.jobId !== undefined && record.jobId !== jobIdToBytes32(i.jobId)
      ? 'other-job'
      : i.version !== undefined && record.step !== i.version - 1
        ? 'other-version'
        : undefined;
  return { sha256, record, matches: mismatch === undefined, ...(mismatch ? { mismatch } : {}) };
}

/** The version ProofRegistry recorded under the sha256 `weightsHash` (hex), or null. */
export async function modelRecordOf(target: RegistryTarget, weightsHash: string): Promise<OnChainModelVersion | null> {
  const own = target.provider ? undefined : providerFor(target);
  const registry = ProofRegistry__factory.connect(target.proofRegistry, target.provider ?? own!);
  const m = await registry.modelOf(`0x${weightsHash}`).finally(() => own?.destroy());
  if (m.recordedAt === 0n) return null;
  return { jobId: m.jobId, parent: m.parent, step: Number(m.step), accuracyBps: Number(m.accuracyBps), fragmentsRoot: m.fragmentsRoot, recordedAt: Number(m.recordedAt) };
}

/** Downloads a model version's weights from the marketplace (GET /v1/models/{jobId}/versions/{n}/weights, API key of the job's account). */
export async function downloadModelVersionWeights(i: { apiUrl: string; apiKey: string; jobId: string; version: number }): Promise<Uint8Array> {
  const url = new URL(`/v1/models/${encodeURIComponent(i.jobId)}/versions/${i.version}/weights`, i.apiUrl);
  const res = await fetch(url, { headers: { authorization: `Bearer ${i.apiKey}` } });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ModelDownloadError(res.status, problem.code, `GET ${url.pathname} answered ${res.status}${problem.code ? ` ${problem.code}` : ''}${problem.detail ? `: ${problem.detail}` : ''}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** The marketplace refused or failed a weights download. */
export class ModelDownloadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Downloads version `version` of training job `jobId` from the marketplace and checks it against the chain. */
export async function verifyMarketplaceModelVersion(i: RegistryTarget & { apiUrl: string; apiKey: string; jobId: string; version: number }): Promise<ModelVerification> {
  const weights = await downloadModelVersionWeights(i);
  return verifyModelVersion({ ...i, weights });
}

function providerFor(t: RegistryTarget): JsonRpcProvider {
  if (!t.rpcUrl) throw new Error('verifyModelVersion needs a provider or an rpcUrl');
  return t.chainId ? chainProvider(t.rpcUrl, t.chainId) : new JsonRpcProvider(t.rpcUrl);
}
