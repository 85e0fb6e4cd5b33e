// The cache's lookup: key = transport, then the message without its id.
#include "dns/response_cache.h"

namespace vnet::dns {

const std::vector<uint8_t>& ResponseCache::Answer(const Answerer& answerer,
                                                  std::span<const uint8_t> query,
                                                  Transport transport) {
  if (answerer.view != view_ || !(answerer.from == from_)) {
    entries_.clear();
    view_ = answerer.view;
    from_ = answerer.from;
  }
  // Without a view the answer is a REFUSED naming the listener's reason: not remembered.
  if (!answerer.view || query.size() < 2 || query.size() > kMaxQuery) {
    scratch_ = Respond(answerer, query, transport);
    return scratch_;
  }
  key_.assign(1, static_cast<char>(transport));
  key_.append(reinterpret_cast<const char*>(query.data()) + 2, query.size() - 2);
  auto it = entries_.find(key_);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxEntries) entries_.clear();
    it = entries_.emplace(key_, Respond(answerer, query, transport)).first;
  } else {
    ++hits_;
  }
  std::vector<uint8_t>& out = it->second;
  if (out.size() >= 2) {
    out[0] = query[0];
    out[1] = query[1];
  }
  return out;
}

}  // namespace vnet::dns
