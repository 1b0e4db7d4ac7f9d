/** The job contract's types, defined in core (so core services may run jobs) and re-exported here. */
export * from '../core/jobs/job-types.js';
