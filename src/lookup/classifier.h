// Classifier: the first rule (in priority order) that matches a five-tuple, for NSGs of up to a
// thousand rules whose address fields hold service tags expanded to thousands of prefixes.
// Bit-vector scheme (Lakshman and Stiliadis, 1998): each field's values are cut into elementary
// intervals, each holding the set of rules that match there (identical sets stored once); a
// lookup finds the five sets and ANDs them word by word until the first set bit.
// Immutable; thread-safe to read.
#pragma once
#include <cstdint>
#include <vector>

#include "lookup/internal/interval_index.h"
#include "lookup/lpm_table.h"
#include "net/cidr.h"
#include "net/flow.h"

namespace vnet::lookup {

struct ClassifierRule {
  std::vector<net::Cidr> sources;                 // empty = any address
  std::vector<net::Cidr> destinations;            // empty = any
  std::vector<net::PortRange> source_ports;       // empty = any
  std::vector<net::PortRange> destination_ports;  // empty = any
  uint8_t protocols = 0x1F;  // bit (1 << Protocol) per protocol matched; 0x1F = all ('*')
};

class Classifier {
 public:
  Classifier();  // no rules: every tuple is kNoMatch
  // rules[i] has priority order i (0 first). A rule whose address lists hold prefixes of one
  // family only matches no address of the other. Cost: O(rules x intervals) time, memory
  // O(intervals + distinct rule sets x rules / 8) bytes per field.
  static Classifier Build(std::vector<ClassifierRule> rules);
  // Index of the first rule matching the tuple, or kNoMatch. Port fields are ignored (treated
  // as matching) for protocols without ports (ICMP, ESP, AH). Tuples whose source and
  // destination families differ match nothing. With `any_source_port`, source ports are ignored
  // as if every rule allowed any (a private endpoint's NSG evaluation). Never allocates.
  uint32_t Classify(const net::FiveTuple& t, bool any_source_port = false) const;
  size_t size() const { return rules_; }
  size_t memory_bytes() const;

 private:
  // One field: per elementary interval, the offset in `bits` of its rule set (`words_` words);
  // with at most 64 rules (one word), the set itself instead, one load fewer per lookup.
  template <class Index>
  struct Field {
    Index index;
    std::vector<uint32_t> row = {0};
    std::vector<uint64_t> bits = {0};
    std::vector<uint64_t> sets = {0};  // words_ == 1 only: by interval (row, bits then unused)
    const uint64_t* Find(size_t i) const { return bits.data() + row[i]; }
    size_t memory_bytes() const {
      return index.memory_bytes() + row.size() * 4 + bits.size() * 8 + sets.size() * 8;
    }
  };
  uint32_t ClassifyOneWord(const net::FiveTuple& t, bool any_source_port) const;

  size_t rules_ = 0;
  size_t words_ = 1;
  Field<internal::Ipv4Index> src4_, dst4_, src_port_, dst_port_;  // ports keyed port << 16
  Field<internal::Ipv6Index> src6_, dst6_;
  std::vector<uint64_t> protocol_bits_;  // net::kProtocolCount rows of `words_`
  std::vector<uint64_t> all_rules_;      // `words_` words of ones: the source port set ignored
};

}  // namespace vnet::lookup
