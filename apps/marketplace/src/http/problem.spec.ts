import { problem } from './problem';
import { problemSchema } from './problem.schema';

describe('problem', () => {
  it('is what the document says a problem is, code-specific details included', () => {
    const body = problem(400, 'JOB.PARAMS_INVALID', 'params.epochs is out of range', { details: { errors: [{ field: 'params.epochs', code: 'range' }] } });
    expect(problemSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ type: 'https://corex.dev/problems/job-params-invalid', title: 'Bad Request', status: 400, code: 'JOB.PARAMS_INVALID' });
  });

  it('bounds the detail to the documented 4096 characters, however long the message it quotes', () => {
    const body = problem(400, 'DATASET.VALUE_INVALID', `not a number: ${'9'.repeat(10_000)}`);
    expect(body.detail).toHaveLength(4096);
    expect(body.detail.endsWith('…')).toBe(true);
    expect(problemSchema.safeParse(body).success).toBe(true);
  });
});
