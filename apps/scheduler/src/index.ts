export { startScheduler, type RunningScheduler } from './start-scheduler';
export { schedulerConfigSchema, type SchedulerConfig } from './config';
