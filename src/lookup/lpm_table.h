// LpmTable: longest-prefix match from IPv4 and IPv6 prefixes to uint32 values, built once and
// immutable. The prefixes are flattened into sorted disjoint intervals per family, so a lookup is
// one search over a small array that stays in cache for per-subnet tables (internal/).
// Thread safety: const methods are safe from any thread.
#pragma once
#include <cstdint>
#include <vector>

#include "base/huge_pages.h"
#include "lookup/internal/bucket_index.h"
#include "lookup/internal/interval_index.h"
#include "net/cidr.h"

namespace vnet::lookup {

inline constexpr uint32_t kNoMatch = 0xFFFFFFFF;

// Aligned: an IPv4 lookup reads one line of the table itself (v4_), then one or two of its index.
class alignas(64) LpmTable {
 public:
  struct Entry {
    net::Cidr prefix;
    uint32_t value;
  };
  LpmTable();  // empty: every lookup is kNoMatch
  // Duplicate prefixes: the first entry wins. Cost: O(n log n).
  static LpmTable Build(std::vector<Entry> entries);
  // The value of the longest prefix holding `address`, or kNoMatch. Never allocates.
  uint32_t Lookup(const net::IpAddress& address) const {
    return address.is_v4() ? LookupV4(address.v4()) : LookupV6(address.hi(), address.lo());
  }
  uint32_t LookupV4(uint32_t address_host_order) const {
    return static_cast<uint32_t>(v4_.Find(address_host_order));
  }
  uint32_t LookupV6(uint64_t hi, uint64_t lo) const { return v6_values_[v6_.Find(hi, lo)]; }
  // The IPv4 index's words (BucketIndex::View), for callers that keep them in their own records.
  internal::BucketIndex::View v4_view() const { return v4_.view(); }
  size_t size() const { return size_; }  // entries given to Build, duplicates included
  size_t memory_bytes() const;

 private:
  internal::BucketIndex v4_;
  internal::Ipv6Index v6_;
  base::HugePageVector<uint32_t> v6_values_;
  size_t size_ = 0;
};

}  // namespace vnet::lookup
