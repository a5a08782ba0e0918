// Retention: policies, holds, sweeps. See docs/retention.md.
