import { UploadNameClaimed, UploadNameReleased } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import { ABANDONED_CLAIM_MS, decideUploadName, evolveUploadName, holderLapsed, initialUploadNameState, type UploadNameCommand } from './upload-name.decider';

const now = new Date('2026-11-30T03:00:00.000Z');
const names = deciderSpec({ decide: decideUploadName, evolve: evolveUploadName, initialState: initialUploadNameState });
const base = { uploadKind: 'dataset' as const, accountId: 'acc-1', name: 'pets', now };
const claim = (uploadId: string, over: Partial<UploadNameCommand> = {}): UploadNameCommand => ({ kind: 'ClaimUploadName', ...base, uploadId, ...over }) as UploadNameCommand;
const release = (uploadId: string): UploadNameCommand => ({ kind: 'ReleaseUploadName', ...base, uploadId });
const claimed = (uploadId: string, kind = 'dataset') => ({
  type: UploadNameClaimed.type,
  data: { kind, accountId: 'acc-1', name: 'pets', uploadId, claimedAt: now.toISOString() },
});
const released = (uploadId: string) => ({
  type: UploadNameReleased.type,
  data: { kind: 'dataset', accountId: 'acc-1', name: 'pets', uploadId, releasedAt: now.toISOString() },
});

describe('upload names', () => {
  it('claims a free name for an upload', () => {
    names.given([]).when(claim('ds-1')).then([claimed('ds-1')]);
  });

  it('claims a name again for the same upload without a new event', () => {
    names.given([claimed('ds-1')]).when(claim('ds-1')).then([]);
  });

  it('refuses a name another dataset holds with DATASET.NAME_TAKEN and a model name with MODEL.NAME_TAKEN', () => {
    names.given([claimed('ds-1')]).when(claim('ds-2')).thenThrows('DATASET.NAME_TAKEN');
    names.given([claimed('m-1', 'model')]).when(claim('m-2', { uploadKind: 'model' })).thenThrows('MODEL.NAME_TAKEN');
  });

  it('names the holder in the refusal', () => {
    try {
      decideUploadName(claim('ds-2'), { holder: 'ds-1' });
      throw new Error('no refusal');
    } catch (err) {
      expect((err as { details: unknown }).details).toEqual({ name: 'pets', existingId: 'ds-1' });
    }
  });

  it('frees a released name for another upload', () => {
    names.given([claimed('ds-1'), released('ds-1')]).when(claim('ds-2')).then([claimed('ds-2')]);
  });

  it('releases a name only for its holder', () => {
    names.given([claimed('ds-1')]).when(release('ds-1')).then([released('ds-1')]);
    names.given([claimed('ds-1')]).when(release('ds-2')).then([]);
    names.given([]).when(release('ds-1')).then([]);
  });
});

describe('a holder that no longer holds its name', () => {
  const held = evolveUploadName(initialUploadNameState(), claimed('ds-1'));
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('has lapsed when its upload was deleted', () => {
    expect(holderLapsed(held, 'deleted', now)).toBe(true);
  });

  it('has lapsed when its upload never registered within the abandonment time, not before', () => {
    expect(holderLapsed(held, 'absent', later(ABANDONED_CLAIM_MS - 1))).toBe(false);
    expect(holderLapsed(held, 'absent', later(ABANDONED_CLAIM_MS))).toBe(true);
  });

  it('holds while its upload is registered, however old the claim', () => {
    expect(holderLapsed(held, 'registered', later(10 * ABANDONED_CLAIM_MS))).toBe(false);
    expect(holderLapsed(initialUploadNameState(), 'absent', now)).toBe(false);
  });
});
