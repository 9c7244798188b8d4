import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { crossChainTaskIdSchema } from '@corex/events';
import { IllegalStateError, NotFoundError, ValidationError } from '@corex/platform';
import { createHash } from 'node:crypto';
import { BRIDGE_TASKS } from '../../tokens';
import type { BridgeTasks } from '../bridge-tasks';
import { taskView } from './task.view';
import type { TaskView } from './task.view.schema';

/** The bridge's knowledge of a task (public: the task is public on its chain). */
@Controller('v1/tasks')
export class TasksController {
  constructor(@Inject(BRIDGE_TASKS) private readonly tasks: BridgeTasks) {}

  @Get(':taskId')
  async get(@Param('taskId') taskId: string): Promise<TaskView> {
    const { state } = await this.tasks.ledger.load(validTaskId(taskId));
    if (state.kind === 'unknown') throw new NotFoundError('BRIDGE.UNKNOWN_TASK', 'no such cross-chain task');
    return taskView(state, this.tasks.jobIdOf(state.taskId));
  }

  /** The job's result document, checked against the result hash the completed status carried. */
  @Get(':taskId/result')
  async result(@Param('taskId') taskId: string, @Res() res: Response): Promise<void> {
    const { state } = await this.tasks.ledger.load(validTaskId(taskId));
    if (state.kind === 'unknown') throw new NotFoundError('BRIDGE.UNKNOWN_TASK', 'no such cross-chain task');
    const completed = state.statuses.find((s) => s.status === 'completed');
    if (!completed) throw new IllegalStateError('BRIDGE.NO_RESULT', 'the task has not completed');
    const bytes = await this.tasks.resultDocument(completed.resultHash);
    if (!bytes) throw new IllegalStateError('BRIDGE.NO_RESULT', 'the result document is not in the blob store');
    const sha256 = `0x${createHash('sha256').update(bytes).digest('hex')}`;
    res.setHeader('x-corex-result-sha256', sha256);
    res.status(200).type('application/json').send(Buffer.from(bytes));
  }
}

function validTaskId(taskId: string): string {
  if (!crossChainTaskIdSchema.safeParse(taskId).success) throw new ValidationError('BRIDGE.TASK_ID_INVALID', 'a task id is a bytes32 (0x + 64 hex) or a Solana address');
  return /^0x/.test(taskId) ? taskId.toLowerCase() : taskId;
}
