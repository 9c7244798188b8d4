import { randomBytes } from 'node:crypto';
import type { FragmentTask } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import type { TaskSealing } from '@corex/node-protocol';
import { TaskSealer } from '../../apps/scheduler/src/work/task-sealer';

/** Seals a task's blobs (read from the log's blob bucket) into its task bucket as the scheduler does at assignment; returns the assignment's sealing. */
export function taskSealerFor(log: EventLog, secret: Uint8Array = randomBytes(32)): TaskSealer {
  return new TaskSealer(secret, () => log.blobs(), () => log.taskBlobs());
}

export function sealTask(log: EventLog, jobId: string, task: FragmentTask): Promise<TaskSealing> {
  return taskSealerFor(log).sealingFor(jobId, task);
}
