import type { DataSource } from 'typeorm';
import type { UploadKind } from '@corex/events';
import type { CatalogView, JobType } from '@corex/marketplace-domain';
import { ValidationError } from '@corex/platform';
import { resolveUploadRef } from '../uploads/upload-listing';
import type { Catalog } from './catalog.schema';

/** Catalog entries as listed; each carries at least what the submission checks read (CatalogView). */
export interface CatalogEntries {
  models: ReadonlyArray<CatalogView['models'][number] & Record<string, unknown>>;
  datasets: ReadonlyArray<CatalogView['datasets'][number] & Record<string, unknown>>;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** The models and datasets a job can name: the built-in ones plus the caller's own uploads. */
export class CatalogService {
  constructor(
    private readonly builtin: CatalogEntries,
    private readonly ds: DataSource,
  ) {}

  /** What GET /v1/catalog lists to one account. */
  async list(accountId: string): Promise<Catalog> {
    const [models, datasets] = await Promise.all([this.uploadedModels(accountId), this.uploadedDatasets(accountId)]);
    return {
      models: [...this.builtin.models.map((m) => ({ ...m, origin: 'builtin' as const })), ...models],
      datasets: [...this.builtin.datasets.map((d) => ({ ...d, origin: 'builtin' as const })), ...datasets],
    };
  }

  /**
   * What a submission's `model` and `dataset` name, as ids: a built-in id, an id of one of the
   * account's uploads, or else the name of one of them (an exact id wins over a name). Refused
   * with JOB.MODEL_UNKNOWN / JOB.DATASET_UNKNOWN, saying what was tried, when nothing matches.
   */
  async resolve(accountId: string, refs: { model: string; dataset: string }): Promise<{ model: string; dataset: string }> {
    const [model, dataset] = await Promise.allSettled([
      this.resolveRef('model', accountId, refs.model, this.builtin.models),
      this.resolveRef('dataset', accountId, refs.dataset, this.builtin.datasets),
    ]);
    // The model's refusal first, whichever query answered first, as the decider orders them.
    if (model.status === 'rejected') throw model.reason;
    if (dataset.status === 'rejected') throw dataset.reason;
    return { model: model.value, dataset: dataset.value };
  }

  private async resolveRef(kind: UploadKind, accountId: string, ref: string, builtin: ReadonlyArray<{ id: string }>): Promise<string> {
    if (builtin.some((b) => b.id === ref)) return ref;
    const id = await resolveUploadRef(this.ds, kind, accountId, ref);
    if (id) return id;
    const shown = JSON.stringify(ref.slice(0, 200));
    throw new ValidationError(
      `JOB.${kind.toUpperCase()}_UNKNOWN`,
      `unknown ${kind} ${shown}: it is neither a built-in ${kind} id (GET /v1/catalog) nor the id or name of one of your ${kind}s (GET /v1/${kind}s)`,
      { [kind]: ref, tried: [`built-in ${kind} id`, `your ${kind} id`, `your ${kind} name`], list: `/v1/${kind}s` },
    );
  }

  /** The decider's view for one submission: built-ins plus the account's uploads it names. */
  async view(accountId: string, names: { model: string; dataset: string }): Promise<CatalogView> {
    const [models, datasets] = await Promise.all([
      this.uploadedModels(accountId, names.model),
      this.uploadedDatasets(accountId, names.dataset),
    ]);
    return { models: [...this.builtin.models, ...models], datasets: [...this.builtin.datasets, ...datasets] };
  }

  private async uploadedModels(accountId: string, id?: string) {
    const rows = await this.ds.query(
      `SELECT * FROM marketplace.models WHERE account_id = $1 AND ($2::text IS NULL OR id = $2) ORDER BY registered_at, id`,
      [accountId, id ?? null],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id as string,
      name: r.name,
      tasks: r.tasks as JobType[],
      inputs: r.inputs,
      outputs: r.outputs,
      graphHash: r.graph_hash,
      bytes: Number(r.bytes),
      registeredAt: iso(r.registered_at),
      origin: 'upload' as const,
    }));
  }

  private async uploadedDatasets(accountId: string, id?: string) {
    const rows = await this.ds.query(
      `SELECT * FROM marketplace.datasets WHERE account_id = $1 AND ($2::text IS NULL OR id = $2) ORDER BY registered_at, id`,
      [accountId, id ?? null],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id as string,
      name: r.name,
      rows: r.rows,
      features: r.feature_names,
      classes: r.class_names,
      ...(r.target_name ? { targetName: r.target_name as string } : {}),
      blobHash: r.blob_hash,
      bytes: Number(r.bytes),
      registeredAt: iso(r.registered_at),
      origin: 'upload' as const,
    }));
  }
}
