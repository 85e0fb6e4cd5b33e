// Building an LpmTable: prefixes -> nested ranges -> flat intervals per family.
#include "lookup/lpm_table.h"

namespace vnet::lookup {

namespace {

internal::Key First(const net::Cidr& c) {
  return c.is_v4() ? internal::Key{0, c.address().v4()}
                   : internal::Key{c.address().hi(), c.address().lo()};
}
internal::Key Last(const net::Cidr& c) {
  net::IpAddress a = c.last();
  return c.is_v4() ? internal::Key{0, a.v4()} : internal::Key{a.hi(), a.lo()};
}
uint32_t ToV4(const internal::Key& k) { return static_cast<uint32_t>(k.lo); }
internal::Key ToV6(const internal::Key& k) { return k; }

}  // namespace

LpmTable::LpmTable() {
  v4_starts_ = {0};
  v4_values_ = {kNoMatch};
  v6_starts_ = {internal::Key{}};
  v6_values_ = {kNoMatch};
}

LpmTable LpmTable::Build(std::vector<Entry> entries) {
  LpmTable t;
  t.size_ = entries.size();
  std::vector<internal::Range> v4, v6;
  for (size_t i = 0; i < entries.size(); ++i) {
    const net::Cidr& c = entries[i].prefix;
    (c.is_v4() ? v4 : v6).push_back({First(c), Last(c), entries[i].value, c.prefix_len(), i});
  }
  internal::Flatten<uint32_t>(std::move(v4), kNoMatch, &ToV4, &t.v4_starts_, &t.v4_values_,
                              internal::Key{0, 0xFFFFFFFFu});
  internal::Flatten<internal::Key>(std::move(v6), kNoMatch, &ToV6, &t.v6_starts_, &t.v6_values_,
                                   internal::Key{~uint64_t{0}, ~uint64_t{0}});
  return t;
}

size_t LpmTable::memory_bytes() const {
  return v4_starts_.capacity() * 4 + v4_values_.capacity() * 4 + v6_starts_.capacity() * 16 +
         v6_values_.capacity() * 4;
}

}  // namespace vnet::lookup
