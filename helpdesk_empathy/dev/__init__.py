"""Local tooling: demo, local stack, simulator, embedded Redis, helpdesk stubs, evaluation."""
