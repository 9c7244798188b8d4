import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { Projector, type ProjectionDefinition, type ProjectorOptions, type ProjectorStatus } from '@corex/projections';

/** The marketplace's running projectors, by projection name. */
export class Projectors {
  private readonly byName = new Map<string, Projector<object>>();

  constructor(ds: DataSource, log: EventLog, definitions: readonly ProjectionDefinition<any>[], logger: Logger, options: ProjectorOptions = {}) {
    for (const def of definitions) this.byName.set(def.name, new Projector(ds, log, def, options, logger));
  }

  async start(): Promise<void> {
    for (const p of this.byName.values()) await p.start();
  }

  async stop(): Promise<void> {
    for (const p of this.byName.values()) await p.stop();
  }

  get(name: string): Projector<object> {
    const p = this.byName.get(name);
    if (!p) throw new Error(`no projector ${name}`);
    return p;
  }

  all(): Projector<object>[] {
    return [...this.byName.values()];
  }

  /** Each projection's role in this process (active or standby), position and, if any, where it is stuck. */
  status(): Record<string, ProjectorStatus> {
    return Object.fromEntries(this.all().map((p) => [p.definition.name, p.status()]));
  }

  /** Read-your-writes: waits until a projection includes the event at `seq`. */
  waitFor(name: string, seq: number, timeoutMs = 5_000): Promise<void> {
    return this.get(name).waitFor(seq, timeoutMs);
  }
}
