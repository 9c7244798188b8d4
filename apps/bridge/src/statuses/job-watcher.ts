import type { DurableConsumer, EventLog } from '@corex/eventstore';
import { FragmentVerified, FraudDetected, JobCancelled, JobCompleted, JobFailed, JobFragmentsPlanned, JobSubmitted, type NewEvent } from '@corex/events';
import { taskVerificationOf, type JobVerdicts } from '@corex/bridge-domain';
import type { Logger } from '@corex/platform';
import type { TaskLedger } from '../tasks/task-ledger';

const JOB_EVENTS = new Set<string>([JobSubmitted.type, JobFragmentsPlanned.type, JobCompleted.type, JobFailed.type, JobCancelled.type]);

/**
 * Feeds the job events of the bridge's jobs to their cross-chain tasks (ObserveJob), with the
 * verifier's verdicts counted for the terminal status. It reads the whole log in order from the
 * start on every start (an ordered consumer of this process): the verdicts are counted again and
 * the decider ignores what it has already seen, so a restart loses and doubles nothing.
 */
export class JobWatcher {
  private consumer?: DurableConsumer;
  private readonly verdicts = new Map<string, JobVerdicts>();

  constructor(
    private readonly log: EventLog,
    private readonly ledger: TaskLedger,
    /** The task of a marketplace job id, if it is one of the bridge's. */
    private readonly taskOfJob: (jobId: string) => string | undefined,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.consumer = this.log.consumer(
      { filter: '>', resumeAfter: async () => 0, maxBatch: 256, onFailure: (err) => this.logger.warn({ err }, 'job watcher restarts') },
      async (events) => {
        for (const { event } of events) await this.handle(event as unknown as NewEvent);
      },
    );
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(event: NewEvent): Promise<void> {
    const jobId = (event.data as { jobId?: string } | undefined)?.jobId;
    if (!jobId) return;
    if (event.type === FragmentVerified.type || event.type === FraudDetected.type) {
      const counts = this.verdicts.get(jobId) ?? { verified: 0, fraud: 0 };
      if (event.type === FragmentVerified.type) counts.verified += 1;
      else counts.fraud += 1;
      this.verdicts.set(jobId, counts);
      return;
    }
    const taskId = this.taskOfJob(jobId);
    if (!taskId || !JOB_EVENTS.has(event.type)) return;
    const { state } = await this.ledger.load(taskId);
    if (state.kind !== 'submitted') return;
    // The domain names the task's job by origin and task id; the marketplace's id is derived from the bridge account and key.
    const observed = { ...event, data: { ...(event.data as object), jobId: state.jobId } };
    const verification = taskVerificationOf(this.verdicts.get(jobId) ?? { verified: 0, fraud: 0 });
    await this.ledger.decide(taskId, { kind: 'ObserveJob', event: observed, verification, now: new Date() });
  }
}
