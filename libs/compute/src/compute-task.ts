import type { jobTypes } from '@corex/events';

/** The kinds of work a job asks for (inference, training, feature-extraction, preprocessing). */
export type JobType = (typeof jobTypes)[number];
