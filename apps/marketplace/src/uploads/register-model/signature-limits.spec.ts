import { assertRecordableSignature } from './signature-limits';

const tensor = (name: string, dims: (number | string)[] = ['batch', 4]) => ({ name, type: 'float32', dims });

describe('assertRecordableSignature', () => {
  it('accepts an ordinary MLP signature', () => {
    expect(() => assertRecordableSignature({ inputs: [tensor('x')], outputs: [tensor('probabilities')] })).not.toThrow();
  });

  it('refuses a symbolic dimension longer than the event holds', () => {
    const long = 'd'.repeat(65);
    expect(() => assertRecordableSignature({ inputs: [tensor('x', [long, 4])], outputs: [tensor('y')] })).toThrow(
      expect.objectContaining({ code: 'MODEL.SIGNATURE_UNSUPPORTED', status: 400 }),
    );
  });

  it('refuses more than 64 inputs and more than 16 dims', () => {
    const many = Array.from({ length: 65 }, (_, i) => tensor(`x${i}`));
    expect(() => assertRecordableSignature({ inputs: many, outputs: [tensor('y')] })).toThrow(expect.objectContaining({ code: 'MODEL.SIGNATURE_UNSUPPORTED' }));
    const deep = tensor('x', Array.from({ length: 17 }, () => 1));
    expect(() => assertRecordableSignature({ inputs: [deep], outputs: [tensor('y')] })).toThrow(expect.objectContaining({ code: 'MODEL.SIGNATURE_UNSUPPORTED' }));
  });
});
