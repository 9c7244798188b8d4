import { SECAGG_SCALE } from '../params';
import { simulateRound } from './simulate';

describe('simulateRound (the bench entry point)', () => {
  it('reports a round that decoded within quantization error, with the sizes of each document', () => {
    const cost = simulateRound(4, 500, 1);
    expect(cost).toMatchObject({ members: 4, length: 500, threshold: 3, dropped: 1 });
    expect(cost.maxError).toBeLessThan(3 / SECAGG_SCALE);
    // update: 501 words = 2004 bytes → 2672 base64url characters, plus 4 sealed shares and the envelope
    expect(cost.bytesPerMember.update).toBeGreaterThan(2672 + 4 * 82);
    expect(cost.bytesPerMember.update).toBeLessThan(2672 + 4 * 82 + 600);
    expect(cost.bytesPerMember.setup).toBeGreaterThan(4 * 82);
  });
});
