"""Staff tools: pull request ownership checks, the health report, dead-link checks, and
their command-line part. Built on ``content``."""
