// BuildTopology: the stored ARM documents of one snapshot -> a typed Topology. Tolerant of
// anything the control plane let through: a dangling reference becomes kNone, an unparsable
// address is skipped. Deterministic: the same documents give the same topology.
#pragma once
#include <vector>

#include "compile/service_tags.h"
#include "compile/topology.h"
#include "model/doc.h"

namespace vnet::compile {

// The six default rules every NSG has (SEMANTICS.md section 3.2), inbound then outbound.
std::vector<SecurityRule> DefaultSecurityRules();

// Reads a subnet's properties that can change without changing the network's shape (NSG and
// route table associations, endpoints, endpoint policies, private endpoint network policies)
// into `sub`, resolving references against `t`.
void ReadSubnetProperties(const model::Json& properties, const Topology& t, Subnet* sub);

// Cost: linear in the size of the documents.
Topology BuildTopology(const model::DocMap& docs, const ServiceTagCatalogue& tags);

}  // namespace vnet::compile
