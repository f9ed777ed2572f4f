"""Example values that fit their schemas, for READMEs, CLI help and generated tests."""
