import { vectorLengthOf } from './federated-result';

describe('vectorLengthOf', () => {
  it('counts weights and biases of every layer, plus one word for the rows', () => {
    expect(vectorLengthOf({ inputs: 4, hidden: 8, classes: 3 })).toBe(4 * 8 + 8 + 8 * 3 + 3 + 1);
    expect(vectorLengthOf({ inputs: 4, hidden: [8, 8], classes: 3 })).toBe(4 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3 + 1);
  });
});
