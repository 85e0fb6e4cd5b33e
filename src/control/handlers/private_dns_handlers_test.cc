// Tests for the private_dns handlers (placeholder until written).
