// PrefixSet: membership of an address in a set of prefixes (a service tag's thousands of them),
// as an LpmTable whose every prefix maps to one value. Immutable; thread-safe to read.
#pragma once
#include <vector>

#include "lookup/lpm_table.h"

namespace vnet::lookup {

class PrefixSet {
 public:
  PrefixSet() = default;
  static PrefixSet Build(std::vector<net::Cidr> prefixes);
  bool Contains(const net::IpAddress& address) const { return table_.Lookup(address) != kNoMatch; }
  bool empty() const { return table_.size() == 0; }

 private:
  LpmTable table_;
};

}  // namespace vnet::lookup
