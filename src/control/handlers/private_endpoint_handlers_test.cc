// Tests for the private_endpoint handlers (placeholder until written).
