import { Module } from '@nestjs/common';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { RegisterNodeHandler } from './register-node/register-node.handler';
import { RegisterNodeListener } from './register-node/register-node.listener';
import { EvictedNodes } from './register-node/evicted-nodes';
import type { SchedulerRuntime } from './runtime/scheduler-runtime';
import { nodeInputFromReport } from '@corex/scheduler-domain';
import { NodeUserIssuer } from '@corex/nats-auth';
import type { SchedulerConfig } from './config';
import type { BoundedAudit } from './node-gate/bounded-audit';
import { EVENT_LOG, LOGGER, REFUSAL_AUDIT, SCHEDULER_CONFIG, SCHEDULER_RUNTIME } from './tokens';

/** Nodes joining the network: the register-node use case and its NATS listener. */
@Module({
  providers: [
    {
      provide: RegisterNodeHandler,
      inject: [EVENT_LOG, LOGGER, SCHEDULER_RUNTIME, SCHEDULER_CONFIG, REFUSAL_AUDIT],
      useFactory: async (log: EventLog, logger: Logger, runtime: SchedulerRuntime, config: SchedulerConfig, audit: BoundedAudit) => {
        const issuer = config.COREX_NATS_NODE_ISSUER
          ? await NodeUserIssuer.fromFile(config.COREX_NATS_NODE_ISSUER, config.COREX_SUBJECT_PREFIX, config.COREX_NODE_JWT_TTL_MS)
          : undefined;
        const evicted = new EvictedNodes(log.store, (nodeId) => runtime.state.trust.isEvicted(nodeId));
        return new RegisterNodeHandler({
          store: log.store,
          // Anyone can send garbage to the register subject: refusals are audited at a bounded rate.
          audit,
          logger,
          onRecorded: (nodeId, hardware, benchmark) => runtime.state.upsertNode(nodeInputFromReport(nodeId, hardware, benchmark), Date.now()),
          isEvicted: (nodeId) => evicted.isEvicted(nodeId),
          issueNatsUser: issuer && ((nodeId, now) => issuer.issue(nodeId, now)),
        });
      },
    },
    RegisterNodeListener,
  ],
})
export class NodeRegistryModule {}
