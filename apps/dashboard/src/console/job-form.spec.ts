import { emptyForm, modelsFor, percent, submissionBody } from './job-form';

describe('job submission form', () => {
  const form = { ...emptyForm, model: 'penguins-mlp', dataset: 'penguins' };

  it('given a catalog, when a job type is chosen, then only the models that run it are offered', () => {
    const models = [
      { id: 'penguins-mlp', tasks: ['training', 'inference'] as const },
      { id: 'standardizer', tasks: ['preprocessing'] as const },
    ];
    expect(modelsFor(models.map((m) => ({ ...m, tasks: [...m.tasks] })), 'training')).toEqual(['penguins-mlp']);
    expect(modelsFor(models.map((m) => ({ ...m, tasks: [...m.tasks] })), 'preprocessing')).toEqual(['standardizer']);
  });

  it('given a spot-check policy and params, when turned into a body, then rate and params are numbers and JSON', () => {
    expect(submissionBody({ ...form, mode: 'spot-check', rate: '0.25', params: '{"epochs": 2}' })).toEqual({
      body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { epochs: 2 }, verification: { mode: 'spot-check', rate: 0.25 } },
    });
    expect(submissionBody({ ...form, mode: 'redundancy' })).toMatchObject({ body: { verification: { mode: 'redundancy', factor: 2 }, params: {} } });
  });

  it('given missing choices or params that are no object, when turned into a body, then it says what to fix', () => {
    expect(submissionBody({ ...form, model: '' })).toEqual({ problem: 'Choose a model.' });
    expect(submissionBody({ ...form, dataset: '' })).toEqual({ problem: 'Choose a dataset.' });
    expect(submissionBody({ ...form, budget: ' ' })).toEqual({ problem: 'Enter a budget in CXT.' });
    expect(submissionBody({ ...form, params: '[1]' })).toEqual({ problem: expect.stringContaining('JSON object') });
    expect(submissionBody({ ...form, params: '{epochs' })).toEqual({ problem: expect.stringContaining('JSON object') });
  });

  it('given detection probabilities, when shown, then as percentages without float noise', () => {
    expect(percent(0.999986)).toBe('99.9986 %');
    expect(percent(0.2)).toBe('20 %');
    expect(percent(1)).toBe('100 %');
  });
});
