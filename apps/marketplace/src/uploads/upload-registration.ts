import type { NewEvent } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { evolveUpload, initialUploadState, type UploadState } from '@corex/marketplace-domain';
import { deterministicId, type Logger } from '@corex/platform';
import type { Projectors } from '../infrastructure/projectors';
import { claimUploadName, releaseUploadName, type UploadName } from './upload-names';

export interface Registration<T> {
  data: T;
  /** False when the same content was registered before: the first registration is returned. */
  created: boolean;
}

interface RegisterOptions<T> {
  log: EventLog;
  projectors: Projectors;
  logger: Logger;
  subject: string;
  projection: string;
  blob: Uint8Array;
  /** The name the upload registers under, unique within the account. */
  name: UploadName;
  decide: (state: UploadState<T>) => NewEvent[];
}

/**
 * Read, decide, claim the name, store, append for a content-addressed upload. The id derives
 * from the content, so a repeat (or a concurrent twin, seen as a version conflict or a
 * duplicate message) finds the registration already in the log and returns it. The name is
 * claimed in the log before the registration is appended, so two uploads under one name cannot
 * both register; a registration that fails after its claim releases the name again.
 */
export async function registerUpload<T>(o: RegisterOptions<T>): Promise<Registration<T>> {
  for (let attempt = 0; ; attempt++) {
    const { version, events } = await o.log.store.read(o.subject);
    const state = events.map((e) => e.event).reduce(evolveUpload<T>, initialUploadState<T>());
    if (state.registered) return { data: state.data, created: false };
    // A deterministic event id lets JetStream dedupe a concurrent twin of this upload (the
    // version is part of it: the same content may register again after a deletion).
    const decided = o.decide(state).map((e, i) => ({ ...e, id: deterministicId('upload', o.subject, String(version), String(i)) }));
    await claimUploadName(o.log, o.name);
    try {
      // Blob first: the event must never name a blob that is not there. A refused upload stores nothing.
      await (await o.log.blobs()).put(o.blob);
      const appended = await o.log.store.append(o.subject, decided, version);
      if (appended.duplicate && attempt < 3) continue;
      await o.projectors.waitFor(o.projection, appended.version).catch((err) => {
        o.logger.warn({ err, subject: o.subject }, 'upload projection lagging; the upload is stored and will be listed shortly');
      });
      return { data: appended.events[0]!.event.data as T, created: true };
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && attempt < 3) continue;
      await releaseUnregistered(o).catch((releaseErr) => {
        o.logger.warn({ err: releaseErr, subject: o.subject }, 'could not release the name of a failed upload');
      });
      throw err;
    }
  }
}

/** Frees the name unless a twin of this upload registered under it after all. */
async function releaseUnregistered<T>(o: RegisterOptions<T>): Promise<void> {
  const { events } = await o.log.store.read(o.subject);
  if (events.map((e) => e.event).reduce(evolveUpload<T>, initialUploadState<T>()).registered) return;
  await releaseUploadName(o.log, o.name);
}
