/** Asserts an RFC 9457 problem response with its stable code. */
export function expectProblem(res: { status: number; body: any; headers: Headers }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(res.body.code).toEqual(code ?? expect.any(String));
}
