import { z } from 'zod';
import { aggregationRules, idSchema, nodeIdSchema, sha256Schema } from '@corex/events';
import { fragmentOutcomes } from '../projections/fragment-verifications.projection';
import { pageSchema } from '../jobs/job.view.schema';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const versionNumber = z.number().int().min(1).max(2 ** 31);
const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/i).max(66);
const time = z.iso.datetime().max(32);
const link = z.string().max(300);

/** What the aggregation did with one update: entered it, or the rule's rejection reason. */
export const aggregationUses = ['used', 'excluded', 'trimmed', 'clipped'] as const;

/** Where a version's record is on-chain (ProofRegistry.recordModel), once its epoch closed. */
export const versionAnchorSchema = z
  .object({
    epoch: z.number().int().positive().describe('The settlement epoch whose close recorded the version'),
    txHash: bytes32.nullable().describe('The recordModel transaction; null until the epoch is settled'),
    fragmentsRoot: bytes32.nullable().describe('Merkle root over the Proof-of-Compute leaves of its contributing fragments; null in records made before it existed'),
    accuracyBps: z.number().int().min(0).max(10_000).describe('The held-out metric recorded with it, in basis points'),
  })
  .meta({ id: 'ModelVersionAnchor' });
export type VersionAnchorView = z.output<typeof versionAnchorSchema>;

const contributorSchema = z.object({
  nodeId: nodeIdSchema,
  fragments: z
    .array(
      z.object({
        fragmentId: idSchema,
        rows: count,
        aggregation: z.enum(aggregationUses).describe('used, or clipped/trimmed by the rule (excluded updates are not contributions)'),
        verification: z.enum(fragmentOutcomes).nullable().describe('Latest verdict; null: none recorded'),
      }),
    )
    .max(10_000),
});

/** One model version: an accepted training step of the job (version = step + 1). */
export const modelVersionSchema = z
  .object({
    modelId: idSchema.describe('The training job’s id'),
    version: versionNumber,
    step: count,
    weightsHash: sha256Schema.describe('sha256 of the weights blob (GET …/weights)'),
    parentWeightsHash: sha256Schema.nullable().describe('The weights it was trained from; null at step 0 from fresh weights, or when not recorded'),
    parentVersion: versionNumber.nullable().describe('The version holding the parent weights; null for the first'),
    loss: z.number(),
    accuracy: z.number().min(0).max(1).optional(),
    rmse: z.number().min(0).optional(),
    r2: z.number().optional(),
    validationLoss: z.number().optional(),
    rule: z.enum(aggregationRules).optional(),
    optimizer: z.enum(['sgd', 'adam']).optional(),
    federated: z.object({ round: count, members: count, dropped: z.array(nodeIdSchema).max(10_000) }).optional(),
    contributors: z.array(contributorSchema).max(10_000).describe('The nodes whose updates entered the aggregation, each with its fragments and their verdicts'),
    rejected: count.describe('Updates the rule left out or bent'),
    stragglers: count.describe('Fragments dropped at the step deadline'),
    anchor: versionAnchorSchema.nullable().describe('null until an epoch recorded the version on-chain'),
    createdAt: time,
    links: z.object({ weights: link, lineage: link }),
  })
  .meta({ id: 'ModelVersion' });
export type ModelVersionView = z.output<typeof modelVersionSchema>;

export const modelVersionsPageSchema = pageSchema(modelVersionSchema, 1000).meta({ id: 'ModelVersionsPage' });
export type ModelVersionsPage = z.output<typeof modelVersionsPageSchema>;

/** One fragment's trail: who computed it under which lease, its verdict, reward and Proof-of-Compute record. */
export const fragmentTrailSchema = z
  .object({
    fragmentId: idSchema,
    nodeId: nodeIdSchema.nullable(),
    leaseId: idSchema.nullable(),
    resultHash: sha256Schema.nullable().describe('The rewarded result; null until rewarded'),
    verification: z.object({ outcome: z.enum(fragmentOutcomes), method: z.string().max(64).nullable() }).nullable(),
    reward: z.object({ epoch: z.number().int().positive(), amount: z.string().max(78).describe('wei') }).nullable(),
    poc: z
      .object({
        epoch: z.number().int().positive(),
        pocRoot: bytes32.nullable().describe('The epoch’s Proof-of-Compute root; null while the epoch is open'),
        anchored: z.boolean().describe('The epoch’s settlement finished'),
        anchorTxHash: bytes32.nullable().describe('ProofRegistry.anchorEpoch transaction'),
        proof: z.array(bytes32).max(64).nullable().describe('Inclusion proof of the record in pocRoot (ProofRegistry.verifyRecord); null while open'),
      })
      .nullable(),
  })
  .meta({ id: 'FragmentTrail' });
export type FragmentTrail = z.output<typeof fragmentTrailSchema>;

const jobRefSchema = z.object({ id: idSchema, model: z.string().max(128), dataset: z.string().max(128), status: z.string().max(16) });

/** job → fragments (with PoC records) → version and its anchor. */
export const versionLineageSchema = z
  .object({
    job: jobRefSchema,
    fragments: z
      .array(
        fragmentTrailSchema.extend({
          rows: count,
          aggregation: z.enum(aggregationUses),
          fragmentsProof: z
            .array(bytes32)
            .max(64)
            .nullable()
            .describe('Inclusion proof of its PoC record in the version’s anchor.fragmentsRoot (ProofRegistry.verifyModelFragment); null when the root does not hold it'),
        }),
      )
      .max(10_000),
    version: modelVersionSchema,
  })
  .meta({ id: 'ModelVersionLineage' });
export type VersionLineage = z.output<typeof versionLineageSchema>;

/** A fragment → the versions its update went into. */
export const fragmentLineageSchema = z
  .object({
    job: jobRefSchema,
    fragment: fragmentTrailSchema,
    versions: z
      .array(
        z.object({
          version: versionNumber,
          step: count,
          weightsHash: sha256Schema,
          aggregation: z.enum(aggregationUses).describe('What the step’s rule did with this fragment’s update'),
          anchor: versionAnchorSchema.nullable(),
        }),
      )
      .max(10_000),
  })
  .meta({ id: 'FragmentLineage' });
export type FragmentLineage = z.output<typeof fragmentLineageSchema>;
