import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../http/auth.guards';
import { NotFoundCode } from '../http/request-strings.interceptor';
import { DATA_SOURCE } from '../infrastructure/tokens';
import { findOwnJob } from '../jobs/job.queries';
import type { StoredJobRow } from '../jobs/job.view';
import { EpochTrees } from '../settlement/epoch-trees';
import { fragmentsRootProver, fragmentTrails, isJobFragment } from './lineage.queries';
import type { FragmentLineage, VersionLineage } from './model-registry.view.schema';
import { aggregationOf, toAnchorView, toModelVersion } from './model-version.view';
import { anchorOf, anchorsOf, findOwnTrainingJob, verdictsOf, versionRow, versionsWithFragment } from './model-versions.queries';
import { parseVersionNumber } from './model-versions.http.controller';

const jobRef = (job: StoredJobRow) => ({ id: job.id, model: job.model, dataset: job.dataset, status: job.status });

/** Lineage of a model version: job → each contributing fragment → its PoC record and anchor → the version and its anchor. */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
@NotFoundCode('MODEL.NOT_FOUND')
export class ModelLineageController {
  private readonly trees: EpochTrees;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {
    this.trees = new EpochTrees(ds);
  }

  @Get(':id/versions/:n/lineage')
  async lineage(@CurrentCaller() caller: Caller, @Param('id') id: string, @Param('n') n: string): Promise<VersionLineage> {
    const version = parseVersionNumber(n);
    const job = await findOwnTrainingJob(this.ds, caller.accountId, id);
    const row = await versionRow(this.ds, id, version);
    if (!row) throw new NotFoundError('MODEL.VERSION_NOT_FOUND', `model ${id} has no version ${version}`, { version });
    const participants = row.participants ?? [];
    const ids = participants.map((p) => p.fragmentId);
    const [anchors, verdicts, trails] = await Promise.all([anchorsOf(this.ds, id), verdictsOf(this.ds, id, ids), fragmentTrails(this.ds, this.trees, id, ids)]);
    const view = toModelVersion(id, row, anchors, verdicts);
    const proveInRoot = fragmentsRootProver(id, trails, participants, view.anchor?.fragmentsRoot ?? null);
    return {
      job: jobRef(job),
      fragments: trails.map((trail, i) => ({ ...trail, rows: participants[i]!.rows, aggregation: aggregationOf(row, trail.fragmentId), fragmentsProof: proveInRoot(trail) })),
      version: view,
    };
  }
}

/** Lineage the other way: a fragment of the caller's job → the model versions its update went into. */
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class FragmentLineageController {
  private readonly trees: EpochTrees;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {
    this.trees = new EpochTrees(ds);
  }

  @Get(':id/fragments/:fragmentId/lineage')
  async lineage(@CurrentCaller() caller: Caller, @Param('id') id: string, @Param('fragmentId') fragmentId: string): Promise<FragmentLineage> {
    const job = await findOwnJob(this.ds, caller.accountId, id);
    if (!(await isJobFragment(this.ds, id, fragmentId))) {
      throw new NotFoundError('FRAGMENT.NOT_FOUND', `job ${id} has no fragment ${fragmentId.slice(0, 128)} with a result`);
    }
    const [rows, anchors, [fragment]] = await Promise.all([
      versionsWithFragment(this.ds, id, fragmentId),
      anchorsOf(this.ds, id),
      fragmentTrails(this.ds, this.trees, id, [fragmentId]),
    ]);
    return {
      job: jobRef(job),
      fragment: fragment!,
      versions: rows.map((row) => ({
        version: row.step + 1,
        step: row.step,
        weightsHash: row.weights_hash,
        aggregation: aggregationOf(row, fragmentId),
        anchor: toAnchorView(anchorOf(anchors, row)),
      })),
    };
  }
}
