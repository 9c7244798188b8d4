import { isSdkError } from './errors';
import type { TaskStatusName, TaskView } from './task';
import { pollTask } from './wait';

const view = (status: TaskStatusName): TaskView => ({
  taskId: '0x01',
  chain: 'bsc',
  status,
  verification: 'none',
  resultHash: null,
  weightsHash: null,
  submitter: '0x02',
  escrow: 1n,
  escrowReleased: false,
  escrowRefunded: false,
});

/** A reader that returns the given statuses one reading after the other, then the last one forever. */
const readings = (...statuses: TaskStatusName[]) => {
  let i = 0;
  return async () => view(statuses[Math.min(i++, statuses.length - 1)]!);
};

describe('pollTask', () => {
  it('returns the first reading that reaches the awaited status', async () => {
    expect((await pollTask(readings('submitted', 'accepted', 'running'), 'running', { pollMs: 0 })).status).toBe('running');
  });

  it('takes a passed non-final status as reached', async () => {
    expect((await pollTask(readings('submitted', 'completed'), 'accepted', { pollMs: 0 })).status).toBe('completed');
  });

  it('ends with SDK.STATUS_UNREACHABLE when the task ends in another final status', async () => {
    const error = await pollTask(readings('running', 'cancelled'), 'completed', { pollMs: 0 }).catch((e: unknown) => e);
    expect(isSdkError(error, 'SDK.STATUS_UNREACHABLE')).toBe(true);
  });

  it('waits on a predicate until it holds', async () => {
    expect((await pollTask(readings('submitted', 'accepted', 'failed'), (task) => task.status === 'failed', { pollMs: 0 })).status).toBe('failed');
  });

  it('ends with SDK.ABORTED when the signal fires, with the last reading', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pollTask(readings('submitted'), 'completed', { signal: controller.signal })).rejects.toMatchObject({ code: 'SDK.ABORTED' });
  });

  it('passes on an error of the reader', async () => {
    await expect(pollTask(() => Promise.reject(new Error('rpc down')), 'completed')).rejects.toThrow('rpc down');
  });
});
