import type { MarketplacePaths, Schemas } from '@corex/client';

export type SubmitJobBody = MarketplacePaths['/v1/jobs']['post']['requestBody']['content']['application/json'];
export type JobType = Schemas['CatalogModel']['tasks'][number];
export const JOB_TYPES: readonly JobType[] = ['training', 'inference', 'feature-extraction', 'preprocessing'];

/** What the submission form holds: text as typed, so a half-typed number is not lost. */
export interface JobForm {
  type: JobType;
  model: string;
  dataset: string;
  budget: string;
  mode: 'adaptive' | 'spot-check' | 'redundancy';
  /** spot-check: the share of fragments recomputed (0.01..1). */
  rate: string;
  /** JSON object of the job type's params; empty for the defaults. */
  params: string;
}

export const emptyForm: JobForm = { type: 'training', model: '', dataset: '', budget: '5', mode: 'adaptive', rate: '0.2', params: '' };

/** The catalog's models that run this job type. */
export function modelsFor(models: readonly Pick<Schemas['CatalogModel'], 'id' | 'tasks'>[], type: JobType): string[] {
  return models.filter((m) => m.tasks.includes(type)).map((m) => m.id);
}

/**
 * The body of POST /v1/jobs (and of the quote) for a form, or the words of what is missing. Only
 * what the browser can know is checked here; the marketplace judges the rest (its 400 is shown).
 */
export function submissionBody(form: JobForm): { body: SubmitJobBody } | { problem: string } {
  if (!form.model) return { problem: 'Choose a model.' };
  if (!form.dataset) return { problem: 'Choose a dataset.' };
  if (!form.budget.trim()) return { problem: 'Enter a budget in CXT.' };
  let params: Record<string, unknown> = {};
  if (form.params.trim()) {
    try {
      params = JSON.parse(form.params) as Record<string, unknown>;
    } catch {
      return { problem: 'Params must be a JSON object, e.g. {"epochs": 2}.' };
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) return { problem: 'Params must be a JSON object, e.g. {"epochs": 2}.' };
  }
  const verification =
    form.mode === 'spot-check' ? { mode: 'spot-check' as const, rate: Number(form.rate) } : form.mode === 'redundancy' ? { mode: 'redundancy' as const, factor: 2 as const } : { mode: 'adaptive' as const };
  const body = { type: form.type, model: form.model, dataset: form.dataset, budget: form.budget.trim(), params, verification } as SubmitJobBody;
  return { body };
}

/** A share (0..1) as a percentage with at most 4 significant decimals, e.g. 0.999986 → "99.9986 %". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(4))} %`;
}
