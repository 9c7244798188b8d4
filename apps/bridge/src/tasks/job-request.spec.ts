import { parseEther } from 'ethers';
import { jobRequestOf } from './job-request';

describe('jobRequestOf', () => {
  const spec = (budget: unknown) => JSON.stringify({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget });

  it('takes a spec whose budget fits in the escrow as the job request', () => {
    expect(jobRequestOf(spec('5'), parseEther('5'))).toEqual({ ok: true, request: JSON.parse(spec('5')) });
  });

  it('refuses a budget above the escrow', () => {
    expect(jobRequestOf(spec('5.000000000000000001'), parseEther('5'))).toMatchObject({ ok: false, code: 'BRIDGE.BUDGET_OVER_ESCROW' });
  });

  it('refuses a spec that is not a JSON object, or a budget that is not a CXT amount', () => {
    expect(jobRequestOf('not json', 1n)).toMatchObject({ ok: false, code: 'BRIDGE.SPEC_NOT_JSON' });
    expect(jobRequestOf('[1]', 1n)).toMatchObject({ ok: false, code: 'BRIDGE.SPEC_NOT_JSON' });
    expect(jobRequestOf(spec('lots'), 1n)).toMatchObject({ ok: false, code: 'BRIDGE.BUDGET_INVALID' });
    expect(jobRequestOf(spec(undefined), 1n)).toMatchObject({ ok: false, code: 'BRIDGE.BUDGET_INVALID' });
  });
});
