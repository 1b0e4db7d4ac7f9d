/** The errors a job throws, defined in core (so core services' jobs may throw them) and re-exported here. */
export * from '../core/jobs/job-errors.js';
