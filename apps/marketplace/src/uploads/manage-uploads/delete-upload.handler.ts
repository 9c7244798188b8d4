import { Inject, Injectable } from '@nestjs/common';
import { idSchema, subjects, type DatasetRegisteredData, type ModelRegisteredData, type NewEvent, type UploadKind } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import {
  decideDatasetDeletion,
  decideModelDeletion,
  evolveUpload,
  initialUploadState,
  type DeleteUpload,
  type UploadState,
} from '@corex/marketplace-domain';
import { NotFoundError, type Logger } from '@corex/platform';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';
import { releaseUploadName } from '../upload-names';

type Registered = DatasetRegisteredData | ModelRegisteredData;

const KINDS = {
  dataset: { subject: subjects.dataset, projection: 'marketplace.datasets', decide: decideDatasetDeletion },
  model: { subject: subjects.model, projection: 'marketplace.models', decide: decideModelDeletion },
} as const;

/**
 * Deletes an upload: appends DatasetDeleted / ModelDeleted, then frees its name. The blob is
 * left in the store (content-addressed, it may back another registration, of this account or
 * another); nothing can reach it through this account any more.
 */
@Injectable()
export class DeleteUploadHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(kind: UploadKind, accountId: string, id: string): Promise<void> {
    if (!idSchema.safeParse(id).success) throw new NotFoundError(`${kind.toUpperCase()}.NOT_FOUND`, `${kind} ${id.slice(0, 128)} not found`);
    const { subject, projection, decide } = KINDS[kind];
    const command: DeleteUpload = { kind: 'DeleteUpload', accountId, id, now: this.clock() };
    for (let attempt = 1; ; attempt++) {
      const { version, events } = await this.log.store.read(subject(id));
      const state = events.map((e) => e.event).reduce(evolveUpload<Registered>, initialUploadState<Registered>());
      const decided = (decide as (c: DeleteUpload, s: UploadState<Registered>) => NewEvent[])(command, state);
      let appended: number;
      try {
        appended = (await this.log.store.append(subject(id), decided, version)).version;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= 3) throw err;
        continue;
      }
      // Deleted in the log, the upload no longer holds its name: a release lost here is made good by the next claim.
      const name = (decided[0]!.data as { name: string }).name;
      await releaseUploadName(this.log, { uploadKind: kind, accountId, name, uploadId: id, now: command.now }).catch((err) => {
        this.logger.warn({ err, id }, 'could not release the name of a deleted upload; the next claim of it will');
      });
      await this.projectors.waitFor(projection, appended).catch((err) => {
        this.logger.warn({ err, id }, 'upload projection lagging; the deletion is stored and will show shortly');
      });
      return;
    }
  }
}
