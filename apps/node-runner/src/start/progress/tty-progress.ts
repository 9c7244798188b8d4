import { Format, MultiBar, type GenericFormatter, type Params, type SingleBar } from 'cli-progress';
import { emptyTotals, type FragmentEvent, type ProgressReporter, type WorkerTotals } from './fragment-events';

const STAGES = { started: 0, submitting: 1 } as const;
const number = new Intl.NumberFormat('en-US');

interface FragmentPayload {
  label: string;
  stage: string;
}

const fragmentLine: GenericFormatter = (options, params: Params, payload: FragmentPayload) => {
  const bar = Format.BarFormat(params.progress, options);
  const seconds = ((Date.now() - params.startTime) / 1000).toFixed(1);
  return `  ${bar} ${payload.label} ${payload.stage} ${seconds}s`;
};

const totalsLine = (nodeLabel: string, slots: number): GenericFormatter => (_options, _params, totals: WorkerTotals & { running: number }) =>
  `${nodeLabel}  running ${totals.running}/${slots}  completed ${totals.completed}  failed ${totals.failed}  ` +
  `refused ${totals.refused}  released ${totals.released}  rows ${number.format(totals.rows)}`;

/** Live bars on stderr: one line of totals, one line per running fragment (fetch+run, then submit). */
export function ttyProgress(options: { nodeId: string; slots: number; stream?: NodeJS.WritableStream }): ProgressReporter {
  const bars = new MultiBar({ stream: options.stream ?? process.stderr, hideCursor: true, barsize: 20, clearOnComplete: false, fps: 5 });
  const totalsBar = bars.create(1, 0, { ...emptyTotals(), running: 0 }, { format: totalsLine(`node ${options.nodeId.slice(0, 12)}…`, options.slots) });
  const running = new Map<string, SingleBar>();

  function fragment(event: FragmentEvent, totals: WorkerTotals): void {
    const { leaseId, fragmentId, task } = event.assignment;
    if (event.type === 'started') {
      const label = `${task.kind} ${fragmentId.slice(0, 8)} ${number.format(task.rows)} rows`;
      running.set(leaseId, bars.create(2, STAGES.started, { label, stage: 'running' }, { format: fragmentLine }));
    } else if (event.type === 'submitting') {
      running.get(leaseId)?.update(STAGES.submitting, { stage: 'submitting' });
    } else {
      const bar = running.get(leaseId);
      if (bar) bars.remove(bar);
      running.delete(leaseId);
      if (event.type !== 'finished') bars.log(`${fragmentId} ${event.type}: ${'code' in event ? `${event.code} ${event.message}` : event.reason}\n`);
    }
    totalsBar.update(0, { ...totals, running: running.size });
    // Draw now rather than on the next frame: events are few, and a refusal should show at once.
    bars.update();
  }

  return {
    fragment,
    node: (message) => {
      bars.log(`${message}\n`);
      bars.update();
    },
    close: (totals) => {
      totalsBar.update(0, { ...totals, running: running.size });
      bars.stop();
    },
  };
}

