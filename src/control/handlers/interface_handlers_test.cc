// Tests for the interface handlers (placeholder until written).
