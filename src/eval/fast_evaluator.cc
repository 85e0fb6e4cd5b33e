// FastEvaluator: the flow pipeline over the fast index (internal/fast_index.h).
#include <cstddef>

#include "base/check.h"
#include "eval/evaluator.h"
#include "eval/internal/fast_index.h"
#include "eval/internal/pipeline.h"

namespace vnet::eval {

FastEvaluator::FastEvaluator(std::shared_ptr<const compile::CompiledNetwork> net,
                             const FastEvaluator* previous)
    : net_(std::move(net)),
      index_(std::make_unique<FastIndex>(*net_, previous ? previous->index_.get() : nullptr,
                                         previous ? previous->net_.get() : nullptr)) {}

FastEvaluator::~FastEvaluator() = default;

Verdict FastEvaluator::Evaluate(const Flow& flow) const {
  Verdict v;
  internal::Pipeline<FastIndex>(*net_, *index_, flow, &v).Run();
  return v;
}

Verdict FastEvaluator::Decide(const Flow& flow) const {
  Verdict v;
  internal::Pipeline<FastIndex>(*net_, *index_, flow, &v, /*trace=*/false).Run();
  return v;
}

void FastEvaluator::DecideBatch(std::span<const Flow> flows, std::span<Decision> out) const {
  VNET_CHECK(out.size() == flows.size());
  // One Verdict for the batch (Decide builds and destroys one per flow); without trace the
  // pipeline writes only its outcome and reason.
  Verdict v;
  for (size_t i = 0; i < flows.size(); ++i) {
    v.outcome = Outcome::kUnknown;
    v.reason = {};
    internal::Pipeline<FastIndex>(*net_, *index_, flows[i], &v, /*trace=*/false).Run();
    out[i] = {v.outcome, v.reason};
  }
}

Index FastEvaluator::RouteIndex(Index subnet, const net::IpAddress& dst) const {
  return index_->Route(subnet, dst, /*tcp=*/true);
}

const compile::SecurityRule* FastEvaluator::Classify(const compile::ExpandedNsg& nsg,
                                                     compile::Direction d,
                                                     const net::FiveTuple& tuple) const {
  return index_->Rule(nsg, d, tuple, false);
}

}  // namespace vnet::eval
