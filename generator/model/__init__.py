"""The typed intermediate model (ir) and the builders from a validated document to it."""
