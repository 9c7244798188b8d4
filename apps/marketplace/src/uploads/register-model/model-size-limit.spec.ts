import { modelUploadLimit } from './model-size-limit';

const MiB = 2 ** 20;

describe('modelUploadLimit', () => {
  it('is no larger than one blob chunk where nodes are NATS users, who read a blob as one message', () => {
    expect(modelUploadLimit(16 * MiB, 8 * MiB - 16 * 1024, true)).toBe(8 * MiB - 16 * 1024);
    expect(modelUploadLimit(4 * MiB, 8 * MiB - 16 * 1024, true)).toBe(4 * MiB);
  });

  it('is MODEL_LIMIT_BYTES on an open server, where nodes may read blobs of several chunks', () => {
    expect(modelUploadLimit(16 * MiB, MiB - 16 * 1024, false)).toBe(16 * MiB);
  });
});
