import { CorexProblemError, ok } from './problem';

const problem = { type: 'https://corex.dev/problems/job-not-found', title: 'Not Found', status: 404, detail: 'no such job among yours', code: 'JOB.NOT_FOUND' };
const answer = (status: number, fields: { data?: unknown; error?: unknown }) => Promise.resolve({ ...fields, response: new Response(null, { status }) });

describe('ok', () => {
  it('given a success answer, returns its body', async () => {
    await expect(ok(answer(200, { data: { id: 'j1' } }))).resolves.toEqual({ id: 'j1' });
  });

  it('given a problem answer, throws a CorexProblemError with its status, code and document', async () => {
    const thrown = await ok(answer(404, { error: problem })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CorexProblemError);
    expect(thrown).toMatchObject({ status: 404, code: 'JOB.NOT_FOUND', problem, message: 'JOB.NOT_FOUND: no such job among yours' });
  });

  it('given an error that is not a problem (a proxy page), throws a plain Error naming the status', async () => {
    const thrown = await ok(answer(502, { error: '<html>bad gateway</html>' })).catch((e: unknown) => e);
    expect(thrown).not.toBeInstanceOf(CorexProblemError);
    expect((thrown as Error).message).toMatch(/^502 .*bad gateway/);
  });
});
