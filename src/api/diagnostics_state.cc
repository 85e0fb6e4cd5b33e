// DiagnosticsState: one compile, one evaluator index and one DNS view per revision, built under
// a mutex so that a burst of requests after a write pays for one build.
#include "api/diagnostics_state.h"

namespace vnet::api {

Result<std::shared_ptr<const DiagnosticsView>> DiagnosticsState::Current() const {
  model::DocSnapshot snapshot = rm_.Snapshot();
  std::lock_guard<std::mutex> lock(mutex_);
  if (last_ && last_->snapshot.revision == snapshot.revision) return last_;
  if (!compiler_) {
    auto tags = compile::ServiceTagCatalogue::Default();
    if (!tags.ok()) {
      return Status::Internal("the service tag catalogue could not be loaded: " +
                              tags.status().message());
    }
    compiler_ = std::make_unique<compile::Compiler>(std::move(tags).value());
  }
  auto view = std::make_shared<DiagnosticsView>();
  view->snapshot = snapshot;
  view->net = compiler_->Compile(snapshot);
  // The previous evaluator lends the parts of its index that the change did not touch.
  view->evaluator = std::make_shared<const eval::FastEvaluator>(
      view->net, last_ ? last_->evaluator.get() : nullptr);
  view->dns = compile::BuildDnsView(*snapshot.docs, view->net->topology, snapshot.revision);
  last_ = view;
  {
    std::lock_guard<std::mutex> published(published_mutex_);
    last_dns_ = view->dns;
  }
  return std::shared_ptr<const DiagnosticsView>(view);
}

std::shared_ptr<const compile::DnsView> DiagnosticsState::CurrentDns() const {
  const int64_t acknowledged = rm_.revision();
  {
    std::lock_guard<std::mutex> published(published_mutex_);
    // The applied revision a view was built at is never behind the acknowledged one it saw.
    if (last_dns_ && last_dns_->revision >= acknowledged) return last_dns_;
  }
  Result<std::shared_ptr<const DiagnosticsView>> view = Current();
  return view.ok() ? (*view)->dns : nullptr;
}

}  // namespace vnet::api
