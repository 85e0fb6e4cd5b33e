// Tests for the service handlers (placeholder until written).
