import { Module } from '@nestjs/common';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import { RegisterNodeHandler } from './register-node/register-node.handler';
import { RegisterNodeListener } from './register-node/register-node.listener';
import { RejectionAudit } from './register-node/rejection-audit';
import { EVENT_LOG, LOGGER } from './tokens';

/** Nodes joining the network: the register-node use case and its NATS listener. */
@Module({
  providers: [
    {
      provide: RegisterNodeHandler,
      inject: [EVENT_LOG, LOGGER],
      useFactory: (log: EventLog, logger: Logger) =>
        new RegisterNodeHandler({ store: log.store, audit: new RejectionAudit(log), logger }),
    },
    RegisterNodeListener,
  ],
})
export class NodeRegistryModule {}
