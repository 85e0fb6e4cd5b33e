// Compiler: a DocSnapshot -> CompiledNetwork. A full compile expands each NSG once per VNet that
// uses it and computes each subnet's routes once. After that, a change that only edits subnets'
// properties inside existing VNets (endpoints, policies, NSG or route table associations,
// private endpoint network policies) updates the last network in place of a full compile:
// the routes of those VNets and their peers, and the security of their NICs when associations
// changed; every other change compiles in full. Thread safety: Compile may be called from
// several threads; the last compiled network is cached by revision.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "compile/compiled_network.h"
#include "model/doc.h"

namespace vnet::compile {

class Compiler {
 public:
  explicit Compiler(std::shared_ptr<const ServiceTagCatalogue> tags) : tags_(std::move(tags)) {}
  // The compiled network of `snapshot`: the cached one when its revision was compiled last, an
  // update of it when the change allows, else a full compile.
  std::shared_ptr<const CompiledNetwork> Compile(const model::DocSnapshot& snapshot);

  // Compiles without caching (tests, benchmarks).
  static std::shared_ptr<const CompiledNetwork> CompileDocs(
      const model::DocMap& docs, std::shared_ptr<const ServiceTagCatalogue> tags,
      int64_t revision = 0);
  // `previous` (compiled from `old_docs`) updated to `new_docs`, whose differences are the
  // documents under `changed_keys`; nullptr when the change needs a full compile.
  static std::shared_ptr<const CompiledNetwork> Update(const CompiledNetwork& previous,
                                                       const model::DocMap& old_docs,
                                                       const model::DocMap& new_docs,
                                                       const std::vector<std::string>& changed_keys,
                                                       int64_t revision);
  // The keys whose documents differ between two maps (pointer comparison; linear).
  static std::vector<std::string> ChangedKeys(const model::DocMap& a, const model::DocMap& b);

 private:
  std::shared_ptr<const ServiceTagCatalogue> tags_;
  std::mutex mutex_;
  std::shared_ptr<const CompiledNetwork> last_;
  std::shared_ptr<const model::DocMap> last_docs_;
};

}  // namespace vnet::compile
