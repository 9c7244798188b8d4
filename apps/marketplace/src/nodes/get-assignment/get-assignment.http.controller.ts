import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { DATA_SOURCE } from '../../infrastructure/tokens';
import type { AssignmentView } from './assignment.view.schema';
import { explainAssignment } from './explain-assignment';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

@Controller('v1/nodes')
@UseGuards(ApiKeyGuard)
@NotFoundCode('ASSIGNMENT.NOT_FOUND')
export class GetAssignmentController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /**
   * The latest lease of a fragment to a node, with the scheduler's score breakdown, the error it
   * failed with (the node's code and message, or why its result was refused) and a one-line explanation. Only for fragments of the caller's own jobs; others are not found.
   */
  @Get(':nodeId/assignments/:fragmentId')
  async get(@CurrentCaller() caller: Caller, @Param('nodeId') nodeId: string, @Param('fragmentId') fragmentId: string): Promise<AssignmentView> {
    const rows = await this.ds.query(
      `SELECT a.* FROM marketplace.assignments a JOIN marketplace.jobs j ON j.id = a.job_id
       WHERE a.node_id = $1 AND a.fragment_id = $2 AND j.account_id = $3 ORDER BY a.assigned_seq DESC LIMIT 1`,
      [nodeId, fragmentId, caller.accountId],
    );
    if (!rows.length) throw new NotFoundError('ASSIGNMENT.NOT_FOUND', `no assignment of fragment ${fragmentId.slice(0, 128)} to that node`);
    const r = rows[0];
    const view = {
      nodeId: r.node_id,
      fragmentId: r.fragment_id,
      jobId: r.job_id,
      leaseId: r.lease_id,
      attempt: r.attempt,
      score: r.score,
      assignedAt: iso(r.assigned_at)!,
      leaseExpiresAt: iso(r.lease_expires_at)!,
      outcome: r.outcome,
      endedAt: iso(r.ended_at),
      error: (r.error ?? null) as AssignmentView['error'],
    };
    return { ...view, explanation: explainAssignment(view) };
  }
}
