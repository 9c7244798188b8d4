import type { JobRequirements, JobSubmittedData, jobPriorities, jobTypes } from '@corex/events';

export type JobType = (typeof jobTypes)[number];
export type JobPriority = (typeof jobPriorities)[number];

export interface JobRequest {
  type: JobType;
  model: string;
  dataset: string;
  budget: string;
  priority: JobPriority;
  requirements: JobRequirements;
  params: Record<string, unknown>;
}

export type JobState = { status: 'none' } | { status: 'submitted'; job: JobSubmittedData };
