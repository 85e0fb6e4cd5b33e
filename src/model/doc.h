// Doc: one stored ARM document (its id, type, JSON body, etag and revision), and DocMap, an
// immutable set of them keyed by lower-cased resource id: what the control plane publishes and
// what compile reads.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "arm/resource_id.h"
#include "model/resource_types.h"

namespace vnet::model {

using Json = nlohmann::json;

struct Doc {
  arm::ResourceId id;
  const ResourceType* type = nullptr;
  Json body;  // the ARM document as stored: no computed back-references
  std::string etag;
  int64_t revision = 0;
  std::string key() const { return id.Key(); }
};
using DocPtr = std::shared_ptr<const Doc>;
using DocMap = std::map<std::string, DocPtr>;

// A published state of the control plane: every document at one revision.
struct DocSnapshot {
  int64_t revision = 0;
  std::shared_ptr<const DocMap> docs;
};

}  // namespace vnet::model
