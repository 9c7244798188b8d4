import { DatasetDeleted, DatasetRegistered, ModelDeleted, ModelRegistered, subjects, type UploadKind } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import {
  decideUploadName,
  evolveUploadName,
  holderLapsed,
  initialUploadNameState,
  type HolderStatus,
  type UploadNameCommand,
  type UploadNameState,
} from '@corex/marketplace-domain';
import { sha256Hex } from '@corex/platform';

export interface UploadName {
  uploadKind: UploadKind;
  accountId: string;
  name: string;
  uploadId: string;
  now: Date;
}

const ATTEMPTS = 5;

/** The subject of one name within one account: names are free text, so the subject id is their hash. */
export function uploadNameSubject(kind: UploadKind, accountId: string, name: string): string {
  return subjects.uploadName(sha256Hex(`${kind}\n${accountId}\n${name}`));
}

/**
 * Claims the name for the upload on the name's own subject, appended at the version read: of two
 * concurrent claims one wins, the other re-reads and is refused with `<KIND>.NAME_TAKEN` (or
 * finds its own upload's claim, for a repeated upload). A name whose holder lapsed (its upload
 * deleted but the release never appended, or never registered at all) is released first.
 */
export async function claimUploadName(log: EventLog, claim: UploadName): Promise<void> {
  await decideOnName(log, { kind: 'ClaimUploadName', ...claim }, async (state, version, subject) => {
    if (state.holder === null || state.holder === claim.uploadId) return false;
    if (!holderLapsed(state, await holderStatus(log, claim.uploadKind, state.holder), claim.now)) return false;
    const release: UploadNameCommand = { kind: 'ReleaseUploadName', ...claim, uploadId: state.holder };
    await log.store.append(subject, decideUploadName(release, state), version).catch(ignoreConflict);
    return true;
  });
}

/** Frees the name if the upload holds it (after a deletion, or a registration that did not complete). */
export async function releaseUploadName(log: EventLog, release: UploadName): Promise<void> {
  await decideOnName(log, { kind: 'ReleaseUploadName', ...release });
}

type Repair = (state: UploadNameState, version: number, subject: string) => Promise<boolean>;

async function decideOnName(log: EventLog, command: UploadNameCommand, repair?: Repair): Promise<void> {
  const subject = uploadNameSubject(command.uploadKind, command.accountId, command.name);
  for (let attempt = 1; ; attempt++) {
    const { version, events } = await log.store.read(subject);
    const state = events.map((e) => e.event).reduce(evolveUploadName, initialUploadNameState());
    if (repair && attempt < ATTEMPTS && (await repair(state, version, subject))) continue;
    const decided = decideUploadName(command, state);
    if (!decided.length) return;
    try {
      await log.store.append(subject, decided, version);
      return;
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError) || attempt >= ATTEMPTS) throw err;
    }
  }
}

async function holderStatus(log: EventLog, kind: UploadKind, uploadId: string): Promise<HolderStatus> {
  const subject = kind === 'dataset' ? subjects.dataset(uploadId) : subjects.model(uploadId);
  const last = (await log.store.read(subject)).events.at(-1)?.event.type;
  if (last === DatasetRegistered.type || last === ModelRegistered.type) return 'registered';
  return last === DatasetDeleted.type || last === ModelDeleted.type ? 'deleted' : 'absent';
}

function ignoreConflict(err: unknown): void {
  if (!(err instanceof WrongExpectedVersionError)) throw err;
}
