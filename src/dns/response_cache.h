// ResponseCache: answers already given, reused for the same question. Respond is a pure function
// of (answerer, message bytes, transport), and a message's id (its first two octets) only ever
// reaches the answer's first two octets; so the answer to the same bytes but the id is the cached
// answer with the id put back. Keyed by the exact bytes (case included: a 0x20-varied name is
// another entry), per transport; emptied when the view changes and when it holds too much. Not
// thread-safe: one per serving thread.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "dns/responder.h"

namespace vnet::dns {

class ResponseCache {
 public:
  static constexpr size_t kMaxEntries = 1 << 16;
  static constexpr size_t kMaxQuery = 512;  // longer messages are answered, not remembered

  // Respond(answerer, query, transport), from the cache when it can be.
  const std::vector<uint8_t>& Answer(const Answerer& answerer, std::span<const uint8_t> query,
                                     Transport transport);
  size_t size() const { return entries_.size(); }
  uint64_t hits() const { return hits_; }

 private:
  const compile::DnsView* view_ = nullptr;
  Viewpoint from_;
  std::string key_;  // reused buffer
  std::vector<uint8_t> scratch_;
  std::unordered_map<std::string, std::vector<uint8_t>> entries_;
  uint64_t hits_ = 0;
};

}  // namespace vnet::dns
