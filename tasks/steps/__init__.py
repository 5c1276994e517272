"""The Prefect tasks the flows are told in: small, typed wrappers over the plain functions
of sitrep.tasks (inputs, extract, plan, validate, incidents) and sitrep.tasks.run, with the
retries where I/O can fail."""
