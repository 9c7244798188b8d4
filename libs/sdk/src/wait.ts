import { setTimeout as delay } from 'node:timers/promises';
import { SdkError } from './errors';
import { isTerminal, statusRank, type TaskStatusName, type TaskView } from './task';

/** Options of a wait: how long at most, how often to read the chain, and a signal to stop early. */
export interface WaitOptions {
  /** Default 600 000 (10 min). */
  readonly timeoutMs?: number;
  /** Between two reads of the chain; default 2 000. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** What a wait waits for: a status (reached or passed; a terminal one exactly) or any condition on the task. */
export type WaitTarget = TaskStatusName | ((task: TaskView) => boolean);

/** Whether `task` satisfies a status target; throws SDK.STATUS_UNREACHABLE when a final status rules it out. */
function statusReached(task: TaskView, target: TaskStatusName): boolean {
  if (task.status === target) return true;
  if (!isTerminal(target)) return statusRank(task.status) > statusRank(target);
  if (isTerminal(task.status)) throw new SdkError('SDK.STATUS_UNREACHABLE', `task ${task.taskId} ended ${task.status}, it will never be ${target}`, { task });
  return false;
}

/**
 * Reads the task with `read` every `pollMs` until `target` holds, and returns that reading. Errors of `read` end the
 * wait (an unknown task stays unknown); SDK.TIMEOUT after `timeoutMs`, SDK.ABORTED when `signal` fires.
 */
export async function pollTask(read: () => Promise<TaskView>, target: WaitTarget, options: WaitOptions = {}): Promise<TaskView> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const holds = typeof target === 'function' ? target : (task: TaskView) => statusReached(task, target);
  let last: TaskView | undefined;
  for (;;) {
    if (signal.aborted) throw stopped(options.signal, timeoutMs, last);
    last = await read();
    if (holds(last)) return last;
    try {
      await delay(options.pollMs ?? 2_000, undefined, { signal });
    } catch {
      throw stopped(options.signal, timeoutMs, last);
    }
  }
}

function stopped(callerSignal: AbortSignal | undefined, timeoutMs: number, last: TaskView | undefined): SdkError {
  if (callerSignal?.aborted) return new SdkError('SDK.ABORTED', 'the wait was aborted', { task: last });
  return new SdkError('SDK.TIMEOUT', `the awaited status did not come within ${timeoutMs} ms (last: ${last?.status ?? 'not read'})`, { task: last });
}
