import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { pocLeafValue } from '@corex/settlement';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../http/auth.guards';
import { parseWith } from '../http/parse-body';
import { NotFoundCode } from '../http/request-strings.interceptor';
import { DATA_SOURCE } from '../infrastructure/tokens';
import { findOwnJob } from '../jobs/job.queries';
import { EpochTrees } from './epoch-trees';
import { encodeFragmentCursor, fragmentPageQuerySchema } from './settlement-page';
import type { FragmentProof, JobProofsPage } from './settlement.view.schema';

/**
 * Each rewarded fragment of the caller's job with its Proof-of-Compute leaf and inclusion proof in
 * the epoch root anchored in ProofRegistry: `verifyRecord(epoch, ...leaf, proof)` checks it on-chain.
 */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class JobProofsController {
  private readonly trees: EpochTrees;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {
    this.trees = new EpochTrees(ds);
  }

  @Get(':id/proofs')
  async list(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: unknown): Promise<JobProofsPage> {
    const { limit, cursor } = parseWith(fragmentPageQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    await findOwnJob(this.ds, caller.accountId, id);
    const rows: Array<Record<string, string | number | boolean | null | { anchor?: string }>> = await this.ds.query(
      `SELECT r.fragment_id, r.job_id, r.node_id, r.lease_id, r.result_hash, r.epoch, e.poc_root, e.settled, e.tx_hashes
       FROM marketplace.fragment_rewards r LEFT JOIN marketplace.settlement_epochs e ON e.epoch = r.epoch
       WHERE r.job_id = $1 AND r.fragment_id > $2 ORDER BY r.fragment_id LIMIT $3`,
      [id, cursor ?? '', limit + 1],
    );
    const items: FragmentProof[] = [];
    for (const r of rows.slice(0, limit)) {
      const ids = { jobId: r.job_id as string, fragmentId: r.fragment_id as string, nodeId: r.node_id as string, leaseId: r.lease_id as string, resultHash: r.result_hash as string };
      const value = pocLeafValue(ids);
      const root = (r.poc_root as string | null) ?? null;
      const prove = root ? await this.trees.prover(r.epoch as number, root) : null;
      items.push({
        fragmentId: ids.fragmentId,
        epoch: r.epoch as number,
        root: prove ? root : null,
        anchored: Boolean(prove && r.settled),
        anchorTxHash: (r.tx_hashes as { anchor?: string } | null)?.anchor ?? null,
        leaf: { jobId: value[0], fragmentId: value[1], nodeId: value[2], leaseId: value[3], resultHash: value[4] },
        ids,
        proof: prove ? prove(value) : null,
      });
    }
    return { items, nextCursor: rows.length > limit ? encodeFragmentCursor(items.at(-1)!.fragmentId) : null };
  }
}
