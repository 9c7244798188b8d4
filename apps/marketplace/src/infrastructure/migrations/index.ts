import { InitialMarketplaceSchema1764028800000 } from './1764028800000-initial-marketplace-schema';
import { UploadsProgressAssignments1764115200000 } from './1764115200000-uploads-progress-assignments';
import { UploadTargetAndListing1764200000000 } from './1764200000000-upload-target-and-listing';
import { DatasetOutputColumn1764200000001 } from './1764200000001-dataset-output-column';
import { AssignmentErrors1764300000000 } from './1764300000000-assignment-errors';
import { JobStepsTable1764400000000 } from './1764400000000-job-steps-table';
import { StepMetrics1764400000001 } from './1764400000001-step-metrics';
import { JobStepsSeq1764400000002 } from './1764400000002-job-steps-seq';
import { NodeStakes1764900000000 } from './1764900000000-node-stakes';
import { Settlement1764800000000 } from './1764800000000-settlement';
import { TrustViews1764900010000 } from './1764900010000-trust-views';
import { ModelRegistry1765000000000 } from './1765000000000-model-registry';
import { Federations1765000010000 } from './1765000010000-federations';
import { OperatorViews1765100000000 } from './1765100000000-operator-views';
import { JobEnds1765100000001 } from './1765100000001-job-ends';

export const marketplaceMigrations = [InitialMarketplaceSchema1764028800000, UploadsProgressAssignments1764115200000, UploadTargetAndListing1764200000000, DatasetOutputColumn1764200000001, AssignmentErrors1764300000000, JobStepsTable1764400000000, StepMetrics1764400000001, JobStepsSeq1764400000002, NodeStakes1764900000000, Settlement1764800000000, TrustViews1764900010000, ModelRegistry1765000000000, Federations1765000010000, OperatorViews1765100000000, JobEnds1765100000001];
