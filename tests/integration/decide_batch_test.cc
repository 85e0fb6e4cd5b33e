// FastEvaluator::DecideBatch against Decide flow by flow, on random networks, for batch sizes
// below, at and above its group of 16 flows and not multiples of it.
#include <gtest/gtest.h>

#include <span>
#include <vector>

#include "compile/compiler.h"
#include "compile/service_tags.h"
#include "eval/evaluator.h"
#include "random_network.h"

namespace vnet::testing {
namespace {

TEST(DecideBatchTest, EqualsDecideOnEachFlow) {
  auto tags = compile::ServiceTagCatalogue::Default();
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  for (int seed : {3, 11}) {
    auto net = compile::Compiler::CompileDocs(RandomNetwork(seed), *tags, seed);
    eval::FastEvaluator fast(net);
    FlowGenerator gen(*net, 500 + seed);
    std::vector<eval::Flow> flows;
    for (int i = 0; i < 1003; ++i) flows.push_back(gen.Next());
    for (size_t size : {0, 1, 7, 64, 1000}) {
      for (size_t offset : {0, 3}) {
        SCOPED_TRACE(::testing::Message()
                     << "seed " << seed << " size " << size << " offset " << offset);
        std::span<const eval::Flow> batch = std::span(flows).subspan(offset, size);
        std::vector<eval::Decision> out(size, {eval::Outcome::kAllowed, "stale"});
        fast.DecideBatch(batch, out);
        for (size_t i = 0; i < size; ++i) {
          eval::Verdict v = fast.Decide(batch[i]);
          ASSERT_EQ(out[i].outcome, v.outcome) << "flow " << i;
          ASSERT_EQ(out[i].reason, v.reason) << "flow " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace vnet::testing
