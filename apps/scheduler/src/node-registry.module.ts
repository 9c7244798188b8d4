import { Module } from '@nestjs/common';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { RegisterNodeHandler } from './register-node/register-node.handler';
import { RegisterNodeListener } from './register-node/register-node.listener';
import { RejectionAudit } from './register-node/rejection-audit';
import type { SchedulerRuntime } from './runtime/scheduler-runtime';
import { nodeInputFromReport } from '@corex/scheduler-domain';
import { EVENT_LOG, LOGGER, SCHEDULER_RUNTIME } from './tokens';

/** Nodes joining the network: the register-node use case and its NATS listener. */
@Module({
  providers: [
    {
      provide: RegisterNodeHandler,
      inject: [EVENT_LOG, LOGGER, SCHEDULER_RUNTIME],
      useFactory: (log: EventLog, logger: Logger, runtime: SchedulerRuntime) =>
        new RegisterNodeHandler({
          store: log.store,
          audit: new RejectionAudit(log),
          logger,
          onRecorded: (nodeId, hardware, benchmark) => runtime.state.upsertNode(nodeInputFromReport(nodeId, hardware, benchmark), Date.now()),
        }),
    },
    RegisterNodeListener,
  ],
})
export class NodeRegistryModule {}
