import { z } from 'zod';

/** A job's dataset naming a federation: `federation:<name>` (docs/federated.md). */
export const FEDERATION_DATASET_PREFIX = 'federation:';

/** The federation a job's dataset names, or null when it names an ordinary dataset. */
export function federationOfDataset(dataset: string): string | null {
  return dataset.startsWith(FEDERATION_DATASET_PREFIX) ? dataset.slice(FEDERATION_DATASET_PREFIX.length) : null;
}

/**
 * `params.federated` of a training job over a federation: FedAvg rounds with secure aggregation.
 * Accepted only (and required) when the dataset is `federation:<name>`.
 */
export const federatedParamsSchema = z
  .strictObject({
    rounds: z.number().int().min(1).max(100).default(3).describe('FedAvg rounds'),
    localEpochs: z.number().int().min(1).max(100).default(5).describe('Full-batch gradient steps each member takes on its rows per round'),
    clipNorm: z.number().gt(0).max(1_000).default(10).describe('Each member update is clipped to this L2 norm; the aggregate is checked against rows x clipNorm'),
    validationDataset: z.string().min(1).max(200).describe('Public dataset (builtin or the account\'s) with the federation\'s features, on which each round\'s aggregate is evaluated'),
    roundDeadlineMs: z.number().int().min(1_000).max(3_600_000).default(60_000).describe('Members that have not answered a phase this long after it was planned are dropped'),
    learningRate: z.number().gt(0).max(10).optional().describe('Local step size; absent: the job\'s learningRate'),
  })
  .describe('Federated training (dataset federation:<name>); docs/federated.md');
export type FederatedJobParams = z.output<typeof federatedParamsSchema>;
