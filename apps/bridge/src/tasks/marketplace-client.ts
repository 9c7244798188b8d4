import { deterministicId } from '@corex/platform';

/** The marketplace's answer to a job submission: created (or replayed), or refused with a problem code. */
export type SubmitJobOutcome = { ok: true; jobId: string } | { ok: false; status: number; code: string; detail: string };

/**
 * The bridge as a marketplace customer: its own account and API key. A task's job is submitted with
 * Idempotency-Key = taskId, so a rescan or a restart never creates a second job.
 */
export class MarketplaceClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    readonly accountId: string,
  ) {}

  /** The marketplace's id of a task's job (it derives job ids from account and idempotency key). */
  jobIdOf(taskId: string): string {
    return deterministicId('job', this.accountId, taskId);
  }

  async submitJob(taskId: string, request: unknown): Promise<SubmitJobOutcome> {
    const res = await fetch(`${this.baseUrl}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json', 'idempotency-key': taskId },
      body: JSON.stringify(request),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: string; code?: string; detail?: string };
    if (res.ok && body.id) return { ok: true, jobId: body.id };
    if (res.status >= 500 || res.status === 429) throw new Error(`marketplace answered ${res.status} to the job of task ${taskId}: ${body.detail ?? ''}`);
    return { ok: false, status: res.status, code: body.code ?? `HTTP.${res.status}`, detail: body.detail ?? '' };
  }

  /** Cancels the job (POST /v1/jobs/{id}/cancel); a job already finished or cancelled is left as it is. */
  async cancelJob(jobId: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/v1/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${this.apiKey}` } });
    if (res.status >= 500 || res.status === 429) throw new Error(`marketplace answered ${res.status} to cancelling job ${jobId}`);
  }

  /** The job's result document (GET /v1/jobs/{id}/result), or undefined when there is none (yet). */
  async result(jobId: string): Promise<{ contentType: string; bytes: Uint8Array } | undefined> {
    const res = await fetch(`${this.baseUrl}/v1/jobs/${encodeURIComponent(jobId)}/result`, { headers: { authorization: `Bearer ${this.apiKey}` } });
    if (res.status === 404 || res.status === 409) return undefined;
    if (!res.ok) throw new Error(`marketplace answered ${res.status} for the result of job ${jobId}`);
    return { contentType: res.headers.get('content-type') ?? 'application/json', bytes: new Uint8Array(await res.arrayBuffer()) };
  }
}
