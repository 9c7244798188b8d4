import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import type { BridgeConfig } from '../config';
import type { BridgeNetwork } from '../network/bridge-network';
import { BRIDGE_CONFIG, BRIDGE_NETWORK, BRIDGE_TASKS, DATA_SOURCE, EVENT_LOG, LOGGER } from '../tokens';
import { BridgeTasks } from './bridge-tasks';
import { SpecsController } from './http/specs.http.controller';
import { TasksController } from './http/tasks.http.controller';

/** Cross-chain tasks: intake, statuses back, and their HTTP API (specs, tasks). */
@Module({})
export class TasksModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(BRIDGE_TASKS) private readonly tasks: BridgeTasks) {}

  static forRoot(): DynamicModule {
    return {
      module: TasksModule,
      controllers: [SpecsController, TasksController],
      providers: [
        {
          provide: BRIDGE_TASKS,
          inject: [BRIDGE_CONFIG, EVENT_LOG, DATA_SOURCE, BRIDGE_NETWORK, LOGGER],
          useFactory: (config: BridgeConfig, log: EventLog, ds: DataSource, network: BridgeNetwork | null, logger: Logger) => new BridgeTasks(config, log, ds, network, logger),
        },
      ],
      exports: [BRIDGE_TASKS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tasks.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.tasks.stop();
  }
}
