import { combineMoments, decodeTensorMap, encodeTensorMap, minMaxOf, momentsOfPart, standardizationOf, type PreprocessOperation, type TensorMap } from '@corex/compute';
import type { BlobStore } from '@corex/eventstore';
import type { BlobReader } from '../runtime/recent-results';
import type { CompletedPart } from '../coordination/result-documents';

const PARALLEL_READS = 16;

/**
 * Merges the statistics fragments' results (count, sum, m2, min, max per slice) into the whole
 * input's statistics (Chan et al., see combineMoments) and stores them as the aux feeds of the
 * apply step: `mean`/`std` for standardize, `min`/`max` for min-max. Returns the blob's hash.
 * Deterministic: the parts are merged in row order, so a replay stores the same bytes.
 */
export async function statisticsAux(blobs: BlobStore, reader: BlobReader, parts: readonly CompletedPart[], operation: PreprocessOperation): Promise<string> {
  const ordered = [...parts].sort((a, b) => a.rowRange[0] - b.rowRange[0]);
  const outputs: TensorMap[] = [];
  for (let i = 0; i < ordered.length; i += PARALLEL_READS) {
    outputs.push(...(await Promise.all(ordered.slice(i, i + PARALLEL_READS).map((part) => readPart(reader, part.resultHash)))));
  }
  const moments = combineMoments(outputs.map(momentsOfPart));
  const dims = [moments.mean.length];
  const feeds: TensorMap = {};
  if (operation === 'standardize') {
    const { mean, std } = standardizationOf(moments);
    Object.assign(feeds, { mean: { data: mean, dims }, std: { data: std, dims } });
  } else {
    const { min, max } = minMaxOf(moments);
    Object.assign(feeds, { min: { data: min, dims }, max: { data: max, dims } });
  }
  return blobs.put(encodeTensorMap(feeds));
}

async function readPart(reader: BlobReader, hash: string): Promise<TensorMap> {
  const bytes = await reader.get(hash);
  if (!bytes) throw new Error(`statistics result ${hash} is missing`);
  return decodeTensorMap(bytes);
}
