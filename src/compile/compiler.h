// Compiler: a DocSnapshot -> CompiledNetwork. Each NSG is expanded once per VNet that uses it;
// each subnet's routes once. Thread safety: Compile may be called from several threads; the
// last compiled network is cached by revision.
#pragma once
#include <memory>
#include <mutex>

#include "compile/compiled_network.h"
#include "model/doc.h"

namespace vnet::compile {

class Compiler {
 public:
  explicit Compiler(std::shared_ptr<const ServiceTagCatalogue> tags) : tags_(std::move(tags)) {}
  // The compiled network of `snapshot` (the cached one when its revision was compiled last).
  std::shared_ptr<const CompiledNetwork> Compile(const model::DocSnapshot& snapshot);

  // Compiles without caching (tests, benchmarks).
  static std::shared_ptr<const CompiledNetwork> CompileDocs(
      const model::DocMap& docs, std::shared_ptr<const ServiceTagCatalogue> tags,
      int64_t revision = 0);

 private:
  std::shared_ptr<const ServiceTagCatalogue> tags_;
  std::mutex mutex_;
  std::shared_ptr<const CompiledNetwork> last_;
};

}  // namespace vnet::compile
