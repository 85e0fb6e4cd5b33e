// Tests for the virtual_network handlers (placeholder until written).
