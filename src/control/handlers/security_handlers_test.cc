// Tests for the security handlers (placeholder until written).
