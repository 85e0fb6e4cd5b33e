// PrefixSet over LpmTable.
#include "lookup/prefix_set.h"

namespace vnet::lookup {

PrefixSet PrefixSet::Build(std::vector<net::Cidr> prefixes) {
  std::vector<LpmTable::Entry> entries;
  entries.reserve(prefixes.size());
  for (const net::Cidr& c : prefixes) entries.push_back({c, 0});
  PrefixSet s;
  s.table_ = LpmTable::Build(std::move(entries));
  return s;
}

}  // namespace vnet::lookup
