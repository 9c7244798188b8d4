import { federatedSteps } from './federated-steps';
import {
  buildMlpForward,
  buildMlpGradient,
  computeStandardization,
  federatedParamsSchema,
  federationOfDataset,
  initMlpWeights,
  mlpShape,
  serializeMlpWeights,
  type Dataset,
  type FederatedJobParams,
  type MlpShape,
  type StandardizationStats,
} from '@corex/compute';
import { subjects, type JobSubmittedData, type PrivateDatasetRegisteredData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { ValidationError } from '@corex/platform';
import { trainingParams } from '@corex/scheduler-domain';
import { secaggThreshold, type Member } from '@corex/secure-aggregation';
import { resolveDataset, standardizeWith } from '../planning/job-data';
import { federationMembers } from './federation-members';

/** Everything the coordinator needs to plan and aggregate a federated job, derived deterministically from its JobSubmitted. */
export interface FederatedJob {
  jobId: string;
  federation: string;
  /** The job's members, sorted by nodeId (secure-aggregation indexes), without masking keys. */
  members: Member[];
  rows: ReadonlyMap<string, number>;
  threshold: number;
  params: FederatedJobParams;
  learningRate: number;
  shape: MlpShape;
  gradientHash: string;
  forwardGraph: Uint8Array;
  initialWeightsHash: string;
  /** The public validation set standardized with its own statistics, which every member also uses. */
  validation: Dataset;
  standardization: StandardizationStats;
  featureNames: readonly string[];
  classNames: readonly string[];
  totalRows: number;
  /** JobFragmentsPlanned steps: setup, then update and unmask per round. */
  totalSteps: number;
}

/** True for a training job over `federation:<name>`. */
export function isFederatedJob(job: Pick<JobSubmittedData, 'type' | 'dataset'>): boolean {
  return job.type === 'training' && federationOfDataset(job.dataset) !== null;
}

/**
 * The members are the federation's registrations as of the job's submission (later joins or
 * withdrawals do not change a running job), so preparing again after a restart gives the same.
 */
export async function prepareFederatedJob(log: EventLog, job: JobSubmittedData): Promise<FederatedJob> {
  const federation = federationOfDataset(job.dataset)!;
  const parsed = federatedParamsSchema.safeParse(job.params['federated']);
  if (!parsed.success) throw new ValidationError('JOB.PARAMS_INVALID', 'a federated job needs params.federated with a validationDataset');
  const params = parsed.data;
  const registered = await membersAt(log, federation, Date.parse(job.submittedAt));
  if (registered.length < 2) throw new ValidationError('JOB.FEDERATION_UNKNOWN', `federation ${federation} has ${registered.length} member(s) at submission; a federated job needs 2 at least`);
  const schema = registered[0]!;
  const validationRaw = await resolveDataset(log, job.accountId, params.validationDataset);
  if (validationRaw.featureNames.join('\n') !== schema.featureNames.join('\n') || validationRaw.classNames.join('\n') !== schema.classNames.join('\n')) {
    throw new ValidationError('JOB.FEDERATION_SCHEMA_MISMATCH', `validation dataset ${params.validationDataset} does not have federation ${federation}'s features and classes`);
  }
  const training = trainingParams(job.params);
  const shape = mlpShape({ inputs: schema.featureNames.length, hidden: training.hiddenUnits, classes: schema.classNames.length, hiddenLayers: training.hiddenLayers, objective: 'classification' });
  const standardization = computeStandardization(validationRaw);
  const blobs = await log.blobs();
  const gradientHash = await blobs.put(buildMlpGradient(shape));
  const initialWeightsHash = await blobs.put(serializeMlpWeights({ ...initMlpWeights(shape, training.seed), standardization }));
  const members = registered.map((m) => ({ nodeId: m.nodeId, encryptionKey: m.encryptionKey }));
  const totalRows = registered.reduce((sum, m) => sum + m.rows, 0);
  return {
    jobId: job.jobId,
    federation,
    members,
    rows: new Map(registered.map((m) => [m.nodeId, m.rows])),
    threshold: secaggThreshold(members.length),
    params,
    learningRate: params.learningRate ?? training.learningRate,
    shape,
    gradientHash,
    forwardGraph: buildMlpForward(shape),
    initialWeightsHash,
    validation: standardizeWith(validationRaw, standardization),
    standardization,
    featureNames: schema.featureNames,
    classNames: schema.classNames,
    totalRows,
    totalSteps: federatedSteps(params.rounds),
  };
}

async function membersAt(log: EventLog, federation: string, atMs: number): Promise<PrivateDatasetRegisteredData[]> {
  const { events } = await log.store.read(subjects.federation(federation));
  const upTo = events.map((e) => e.event).filter((e) => Date.parse((e.data as { registeredAt?: string; withdrawnAt?: string }).registeredAt ?? (e.data as { withdrawnAt: string }).withdrawnAt) <= atMs);
  return [...federationMembers(upTo).values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
}
