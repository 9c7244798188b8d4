import { UploadNameClaimed, UploadNameReleased, type NewEvent, type UploadKind, type UploadNameClaimedData } from '@corex/events';
import { IllegalStateError } from '@corex/platform';

/** Who holds one name within one account: the id of the upload registered under it (since when), or nobody. */
export interface UploadNameState {
  holder: string | null;
  claimedAt?: string;
}

/** What the log says of the holder's own upload. */
export type HolderStatus = 'registered' | 'deleted' | 'absent';

/**
 * A claim whose upload never registered within this long is taken for abandoned (the process
 * stopped between the claim and the registration): generous, as a large upload stores its blob
 * after claiming.
 */
export const ABANDONED_CLAIM_MS = 10 * 60_000;

export interface ClaimUploadName {
  kind: 'ClaimUploadName';
  uploadKind: UploadKind;
  accountId: string;
  name: string;
  uploadId: string;
  now: Date;
}

export interface ReleaseUploadName {
  kind: 'ReleaseUploadName';
  uploadKind: UploadKind;
  accountId: string;
  name: string;
  uploadId: string;
  now: Date;
}

export type UploadNameCommand = ClaimUploadName | ReleaseUploadName;

export const initialUploadNameState = (): UploadNameState => ({ holder: null });

export function evolveUploadName(state: UploadNameState, event: NewEvent): UploadNameState {
  if (event.type === UploadNameClaimed.type) {
    const { uploadId, claimedAt } = event.data as UploadNameClaimedData;
    return { holder: uploadId, claimedAt };
  }
  if (event.type === UploadNameReleased.type) return { holder: null };
  return state;
}

/**
 * A name is held by one upload at a time. Claiming it again for the same upload changes nothing
 * (a repeated upload is idempotent); for another upload it is refused with the holder's id.
 * Releasing a name another upload holds changes nothing.
 */
export function decideUploadName(command: UploadNameCommand, state: UploadNameState): NewEvent[] {
  const { uploadKind, accountId, name, uploadId } = command;
  if (command.kind === 'ReleaseUploadName') {
    if (state.holder !== uploadId) return [];
    return [{ type: UploadNameReleased.type, data: { kind: uploadKind, accountId, name, uploadId, releasedAt: command.now.toISOString() } }];
  }
  if (state.holder === uploadId) return [];
  if (state.holder !== null) {
    throw new IllegalStateError(`${uploadKind.toUpperCase()}.NAME_TAKEN`, `your ${uploadKind} ${JSON.stringify(name.slice(0, 200))} exists already: pick another name, or delete ${state.holder} first`, {
      name,
      existingId: state.holder,
    });
  }
  return [{ type: UploadNameClaimed.type, data: { kind: uploadKind, accountId, name, uploadId, claimedAt: command.now.toISOString() } }];
}

/**
 * Whether the holder no longer holds the name although no release was appended: its upload was
 * deleted (the release after it was lost), or it never registered and its claim is abandoned.
 */
export function holderLapsed(state: UploadNameState, holder: HolderStatus, now: Date): boolean {
  if (state.holder === null || holder === 'registered') return false;
  if (holder === 'deleted') return true;
  return state.claimedAt !== undefined && now.getTime() - Date.parse(state.claimedAt) >= ABANDONED_CLAIM_MS;
}
