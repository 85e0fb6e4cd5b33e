// RandomNetwork: a random model (overlapping address spaces, peerings in every state, UDRs,
// NSGs with tags and ASGs, endpoints and policies, gateways and on-premises sites, service
// resources with firewalls, private endpoints with connections in every state), as the stored
// documents the control plane would hold, from a fixed seed; and random flows over it.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "compile/compiled_network.h"
#include "eval/verdict.h"
#include "model/doc.h"

namespace vnet::testing {

struct RandomNetworkOptions {
  int vnets = 5;
  int nics_per_subnet = 3;
  int nsg_rules = 12;
  int services = 8;
  int private_endpoints = 6;
};

// The documents of one random network.
model::DocMap RandomNetwork(uint64_t seed, const RandomNetworkOptions& options = {});

// Random flows over a compiled network: sources are NICs, internet addresses and on-premises
// sites; destinations are the network's own addresses (NICs, private endpoints, public IPs,
// service front ends) and random public and private ones.
class FlowGenerator {
 public:
  FlowGenerator(const compile::CompiledNetwork& net, uint64_t seed);
  eval::Flow Next();

 private:
  net::IpAddress RandomDestination();
  const compile::CompiledNetwork& net_;
  std::mt19937_64 rng_;
  std::vector<net::IpAddress> interesting_;  // addresses of the network
  std::vector<compile::Index> nics_;         // NICs that can send (not private endpoints)
};

}  // namespace vnet::testing
