// The topology builder's working state, shared by the files that read each resource family
// (topology_builder.cc: networks; topology_services.cc: gateways, private endpoints, service
// resources and endpoint policies).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "compile/internal/json_read.h"
#include "compile/service_tags.h"
#include "compile/topology.h"
#include "model/doc.h"

namespace vnet::compile {

struct TopologyBuilder {
  const model::DocMap& docs;
  const ServiceTagCatalogue& tags;
  Topology t;

  // Documents of one type, in key order.
  std::vector<const model::Doc*> OfType(std::string_view type) const {
    std::vector<const model::Doc*> out;
    for (const auto& [key, doc] : docs) {
      if (doc->type && EqualsIgnoreCase(doc->type->name, type)) out.push_back(doc.get());
    }
    return out;
  }
  void Register(const std::string& id, Index index) { (*t.index_by_key)[AsciiLower(id)] = index; }
  // The index of the resource obj[key].id names, or kNoIndex.
  Index Ref(const Json& obj, const char* key) const {
    const Json* ref = Member(obj, key);
    return ref ? t.Find(String(*ref, "id")) : kNoIndex;
  }

  void Vnets(const std::vector<const model::Doc*>& vnets);
  void Nsgs(const std::vector<const model::Doc*>& nsgs);
  void RouteTables(const std::vector<const model::Doc*>& tables);
  void Subnets(const std::vector<const model::Doc*>& vnets);
  void Peerings(const std::vector<const model::Doc*>& vnets);
  void Nics(const std::vector<const model::Doc*>& nics);
  void Vms(const std::vector<const model::Doc*>& vms);
  // topology_services.cc
  void Services();  // numbers and reads every service resource
  void Gateways();
  void PrivateEndpoints(const std::vector<const model::Doc*>& pes);
  void Policies(const std::vector<const model::Doc*>& policies);
};

}  // namespace vnet::compile
