import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/nats-core';
import type { EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { SchedulerConfig } from '../config';
import { EVENT_LOG, LOGGER, SCHEDULER_CONFIG } from '../tokens';
import { RegisterNodeHandler } from './register-node.handler';

/** Schedulers share register requests through one queue group: each request reaches one of them. */
export const SCHEDULER_QUEUE_GROUP = 'scheduler';
const encoder = new TextEncoder();

/** Transport only: takes register requests off core NATS, hands them to the handler, replies. */
@Injectable()
export class RegisterNodeListener implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;
  private readonly inFlight = new Set<Promise<void>>();
  private serving?: Promise<void>;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RegisterNodeHandler) private readonly handler: RegisterNodeHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subject = nodeSubjects(this.config.COREX_SUBJECT_PREFIX).register;
    this.subscription = this.log.nc.subscribe(subject, { queue: SCHEDULER_QUEUE_GROUP });
    this.serving = this.serve(this.subscription);
    // Ready only once the server knows the subscription, so no request meets "no responders".
    await this.log.nc.flush();
    this.logger.info({ subject, queue: SCHEDULER_QUEUE_GROUP }, 'listening for node registrations');
  }

  async onModuleDestroy(): Promise<void> {
    // Drain: requests already received are still answered before the connection closes.
    await this.subscription?.drain();
    await this.serving;
  }

  private async serve(subscription: Subscription): Promise<void> {
    // Concurrently: reports of different nodes are independent, and the handler's optimistic
    // concurrency settles two reports of the same node.
    for await (const msg of subscription) {
      const answered = this.answer(msg).finally(() => this.inFlight.delete(answered));
      this.inFlight.add(answered);
    }
    await Promise.all(this.inFlight);
  }

  private async answer(msg: Msg): Promise<void> {
    const reply = await this.handler.handle(msg.data);
    try {
      msg.respond(encoder.encode(JSON.stringify(reply)));
    } catch (err) {
      this.logger.error({ err }, 'could not send a register reply');
    }
  }
}
