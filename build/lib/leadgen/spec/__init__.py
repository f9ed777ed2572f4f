"""Reading a spec: load (with positions), bundle $refs, validate, convert Swagger 2.0."""
