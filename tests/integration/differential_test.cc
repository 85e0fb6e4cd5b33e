// The fast and reference evaluators must agree on every flow of random networks: 1,000,000 flows
// by default (VNET_DIFFERENTIAL_FLOWS overrides; the long mode runs 10x). Any disagreement is a
// bug in one of them; the first few are printed with both traces. Decide must give Evaluate's
// outcome and reason on every flow, and DecideBatch (each network's flows in one batch) Decide's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "compile/compiler.h"
#include "compile/service_tags.h"
#include "eval/evaluator.h"
#include "network_fixture.h"
#include "random_network.h"

namespace vnet::testing {
namespace {

int64_t FlowBudget() {
  const char* env = std::getenv("VNET_DIFFERENTIAL_FLOWS");
  return env ? std::atoll(env) : 1'000'000;
}

TEST(DifferentialTest, FastAndReferenceAgreeOnRandomNetworks) {
  auto tags = compile::ServiceTagCatalogue::Default();
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  const int64_t total = FlowBudget();
  const int networks = 40;
  const int64_t per_network = std::max<int64_t>(1, total / networks);
  int64_t flows = 0, disagreements = 0;
  int64_t outcomes[3] = {0, 0, 0};
  for (int seed = 1; seed <= networks; ++seed) {
    RandomNetworkOptions options;
    options.vnets = 3 + seed % 5;
    auto net = compile::Compiler::CompileDocs(RandomNetwork(seed, options), *tags, seed);
    eval::FastEvaluator fast(net);
    eval::ReferenceEvaluator reference(net);
    FlowGenerator gen(*net, 1000 + seed);
    std::vector<eval::Flow> batch;
    std::vector<eval::Decision> expected;
    for (int64_t i = 0; i < per_network; ++i) {
      eval::Flow f = gen.Next();
      eval::Verdict a = fast.Evaluate(f);
      eval::Verdict b = reference.Evaluate(f);
      eval::Verdict quick = fast.Decide(f);
      ++flows;
      if (quick.outcome != a.outcome || quick.reason != a.reason) {
        if (++disagreements <= 5)
          ADD_FAILURE() << "Decide and Evaluate differ: " << quick.reason << " vs " << a.reason
                        << "\n"
                        << NetworkFixture::Trace(a);
      }
      batch.push_back(f);
      expected.push_back({quick.outcome, quick.reason});
      ++outcomes[static_cast<int>(a.outcome)];
      if (a.Signature() != b.Signature()) {
        if (++disagreements <= 5) {
          ADD_FAILURE() << "network " << seed << " flow " << i << " to " << f.destination.ToString()
                        << "\nfast:      " << a.Signature() << "\nreference: " << b.Signature()
                        << "\n"
                        << NetworkFixture::Trace(a) << NetworkFixture::Trace(b);
        }
      }
    }
    std::vector<eval::Decision> decided(batch.size());
    fast.DecideBatch(batch, decided);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (decided[i] != expected[i] && ++disagreements <= 5)
        ADD_FAILURE() << "network " << seed << " flow " << i << ": DecideBatch says "
                      << decided[i].reason << ", Decide " << expected[i].reason;
    }
  }
  EXPECT_EQ(disagreements, 0);
  EXPECT_GE(flows, total);
  // The random networks must exercise every outcome, or the comparison proves little.
  EXPECT_GT(outcomes[0], flows / 50) << "allowed";
  EXPECT_GT(outcomes[1], flows / 50) << "denied";
  std::printf(
      "differential: %lld flows, %lld allowed, %lld denied, %lld unknown, %lld disagreements\n",
      static_cast<long long>(flows), static_cast<long long>(outcomes[0]),
      static_cast<long long>(outcomes[1]), static_cast<long long>(outcomes[2]),
      static_cast<long long>(disagreements));
}

}  // namespace
}  // namespace vnet::testing
