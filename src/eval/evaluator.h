// Evaluators: what Azure would do with a flow, with the trace. FastEvaluator indexes a compiled
// network once (LPM tables per subnet, a classifier per NSG and direction, hash maps of
// addresses) and then answers each flow without allocation-heavy work; ReferenceEvaluator
// answers the same question with linear scans and the rules' plain meaning. Both are immutable
// after construction and safe to share between threads.
#pragma once
#include <memory>
#include <span>

#include "compile/compiled_network.h"
#include "eval/verdict.h"

namespace vnet::eval {

class FastIndex;  // internal

class FastEvaluator {
 public:
  // Indexes `net`; with `previous` (an evaluator of the network `net` was updated from), reuses
  // every part of its index whose inputs did not change.
  explicit FastEvaluator(std::shared_ptr<const compile::CompiledNetwork> net,
                         const FastEvaluator* previous = nullptr);
  ~FastEvaluator();
  // The verdict with its trace and remedies.
  Verdict Evaluate(const Flow& flow) const;
  // Only the outcome and reason (no trace, no strings): the hot path.
  Verdict Decide(const Flow& flow) const;
  // Decide on each of `flows`: out[i] gets the outcome and reason of Decide(flows[i]). Builds no
  // Verdict per flow. `out` must be as long as `flows`.
  void DecideBatch(std::span<const Flow> flows, std::span<Decision> out) const;
  // Only the route step: the index of the route a packet from `subnet` to `dst` takes in
  // net.routes[subnet], or kNoIndex.
  Index RouteIndex(Index subnet, const net::IpAddress& dst) const;
  // Only one NSG: the first rule of `nsg` (expanded) matching the tuple, or nullptr.
  const compile::SecurityRule* Classify(const compile::ExpandedNsg& nsg, compile::Direction d,
                                        const net::FiveTuple& tuple) const;
  const compile::CompiledNetwork& network() const { return *net_; }

 private:
  std::shared_ptr<const compile::CompiledNetwork> net_;
  std::unique_ptr<FastIndex> index_;
};

class ReferenceEvaluator {
 public:
  explicit ReferenceEvaluator(std::shared_ptr<const compile::CompiledNetwork> net)
      : net_(std::move(net)) {}
  Verdict Evaluate(const Flow& flow) const;

 private:
  std::shared_ptr<const compile::CompiledNetwork> net_;
};

}  // namespace vnet::eval
