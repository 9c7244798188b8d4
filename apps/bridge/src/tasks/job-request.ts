import { parseEther } from 'ethers';

/** The job request a task's spec asks for, or why it cannot be one. */
export type JobRequestOutcome = { ok: true; request: Record<string, unknown> } | { ok: false; code: string; detail: string };

/**
 * A task's spec (UTF-8 JSON) is the body of POST /v1/jobs ({type, model, dataset, budget, params});
 * the marketplace validates the rest. The bridge checks what only it knows: the budget (CXT) fits in
 * the escrow (wei).
 */
export function jobRequestOf(spec: string, escrow: bigint): JobRequestOutcome {
  let request: unknown;
  try {
    request = JSON.parse(spec);
  } catch {
    return { ok: false, code: 'BRIDGE.SPEC_NOT_JSON', detail: 'the task spec is not JSON' };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return { ok: false, code: 'BRIDGE.SPEC_NOT_JSON', detail: 'the task spec is not a JSON object' };
  const budget = (request as { budget?: unknown }).budget;
  let wei: bigint;
  try {
    wei = parseEther(String(budget));
  } catch {
    return { ok: false, code: 'BRIDGE.BUDGET_INVALID', detail: `budget ${String(budget).slice(0, 40)} is not a CXT amount` };
  }
  if (wei > escrow) return { ok: false, code: 'BRIDGE.BUDGET_OVER_ESCROW', detail: `budget ${String(budget)} CXT exceeds the escrow of ${escrow} wei` };
  return { ok: true, request: request as Record<string, unknown> };
}
