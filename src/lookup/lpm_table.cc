// Building an LpmTable: prefixes -> nested ranges -> flat intervals per family -> indexes.
#include "lookup/lpm_table.h"

namespace vnet::lookup {

static_assert(sizeof(internal::BucketIndex) <= 64);  // one line (lpm_table.h)

LpmTable::LpmTable() : v4_({0}, {kNoMatch}), v6_values_{kNoMatch} {}

LpmTable LpmTable::Build(std::vector<Entry> entries) {
  LpmTable t;
  t.size_ = entries.size();
  std::vector<internal::Range> v4, v6;
  for (size_t i = 0; i < entries.size(); ++i) {
    const net::Cidr& c = entries[i].prefix;
    (c.is_v4() ? v4 : v6)
        .push_back({internal::First(c), internal::Last(c), entries[i].value, c.prefix_len(), i});
  }
  internal::Intervals f4 = internal::Flatten(std::move(v4), kNoMatch, internal::MaxKey(true));
  std::vector<uint32_t> starts4;
  starts4.reserve(f4.starts.size());
  for (const internal::Key& k : f4.starts) starts4.push_back(static_cast<uint32_t>(k.lo));
  t.v4_ = internal::BucketIndex(starts4, std::vector<uint64_t>(f4.values.begin(), f4.values.end()));
  internal::Intervals f6 = internal::Flatten(std::move(v6), kNoMatch, internal::MaxKey(false));
  t.v6_ = internal::Ipv6Index(f6.starts);
  t.v6_values_.assign(f6.values.begin(), f6.values.end());
  return t;
}

size_t LpmTable::memory_bytes() const {
  return sizeof(*this) + v4_.memory_bytes() + v6_.memory_bytes() +
         v6_values_.capacity() * sizeof(uint32_t);
}

}  // namespace vnet::lookup
