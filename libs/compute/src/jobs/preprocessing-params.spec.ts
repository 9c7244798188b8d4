import { parseJobParams } from './job-params';
import { preprocessingParamsMisfit } from './preprocessing-params';

const parsed = (model: string, params: unknown) => parseJobParams('preprocessing', { id: model }, params);
const dataset = { features: ['a', 'b', 'c', 'd'], rows: 10 };

describe('preprocessing params', () => {
  it('given the slicer, then columns and rowRange are optional and checked against the dataset', () => {
    const ok = parsed('slicer', { columns: ['c', 'a'], rowRange: [2, 10] });
    expect(ok).toEqual({ ok: true, params: { sliceRows: 256, columns: ['c', 'a'], rowRange: [2, 10] } });
    expect(preprocessingParamsMisfit('slicer', ok.ok ? ok.params : {}, dataset)).toEqual([]);
    const misfit = preprocessingParamsMisfit('slicer', { columns: ['a', 'zz', 'a'], rowRange: [0, 11] }, dataset);
    expect(misfit.map((e) => e.field)).toEqual(['params.columns.1', 'params.columns.2', 'params.rowRange.1']);
  });

  it('refuses an empty or reversed row range and an empty column list', () => {
    for (const params of [{ rowRange: [3, 3] }, { rowRange: [5, 2] }, { rowRange: [-1, 2] }, { columns: [] }]) {
      expect(parsed('slicer', params).ok).toBe(false);
    }
  });

  it('given the image-augmenter, then height and width are required and must multiply to the feature count', () => {
    expect(parsed('image-augmenter', {}).ok).toBe(false);
    const ok = parsed('image-augmenter', { height: 2, width: 2 });
    expect(ok).toEqual({ ok: true, params: { sliceRows: 256, height: 2, width: 2, channels: 1, flip: 0.5, shift: 0, seed: 1, copies: 1 } });
    expect(preprocessingParamsMisfit('image-augmenter', ok.ok ? ok.params : {}, dataset)).toEqual([]);
    expect(preprocessingParamsMisfit('image-augmenter', { height: 2, width: 2, channels: 3 }, dataset)[0]).toMatchObject({ field: 'params.height', code: 'range' });
  });

  it('says where a misplaced key applies', () => {
    const refused = parsed('standardizer', { columns: ['a'] });
    expect(refused.ok ? [] : refused.errors[0]!.message).toContain('slicer');
  });

  it('takes outputDataset on every preprocessing model, trimmed', () => {
    expect(parsed('standardizer', { outputDataset: ' clean ' })).toMatchObject({ ok: true, params: { outputDataset: 'clean' } });
    expect(parsed('standardizer', { outputDataset: '' }).ok).toBe(false);
  });
});
