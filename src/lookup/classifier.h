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
  bool flag = false;         // the caller's bit for the rule, read back by Classifier::Flag
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
  // The flag of rule `rule` (< size()): with at most 64 rules read from the line a lookup has
  // already read (an NSG rule's access, with no load of the rule).
  bool Flag(uint32_t rule) const {
    return ((words_ == 1 ? flags_ : flag_bits_[rule / 64]) >> (rule % 64)) & 1;
  }
  size_t size() const { return rules_; }
  size_t memory_bytes() const;

 private:
  // One field: per elementary interval, the offset in `bits` of its rule set (`words_` words);
  // with at most 64 rules (one word), the set itself instead, one load fewer per lookup. What an
  // IPv4 lookup reads of the field (the index's shift and arrays, `sets`) is in its first 64
  // bytes: aligned, one cache line.
  template <class Index>
  struct alignas(64) Field {
    Index index;
    std::vector<uint64_t> sets = {0};  // words_ == 1 only: by interval (row, bits then unused)
    std::vector<uint32_t> row = {0};
    std::vector<uint64_t> bits = {0};
    const uint64_t* Find(size_t i) const { return bits.data() + row[i]; }
    size_t memory_bytes() const {
      return index.memory_bytes() + row.size() * 4 + bits.size() * 8 + sets.size() * 8;
    }
  };
  uint32_t ClassifyOneWord(const net::FiveTuple& t, bool any_source_port) const;
  // An IPv4 lookup reads five lines of the classifier: the four fields, and these 64 bytes.
  uint32_t words_ = 1;
  uint32_t rules_ = 0;
  uint64_t flags_ = 0;                   // the rules' flags, when words_ == 1
  std::vector<uint64_t> protocol_bits_;  // net::kProtocolCount rows of `words_`
  std::vector<uint64_t> all_rules_;      // `words_` words of ones: the source port set ignored
  std::vector<uint64_t> flag_bits_;      // the rules' flags, `words_` words (words_ > 1)
  Field<internal::Ipv4Index> src4_, dst4_, src_port_, dst_port_;  // ports keyed port << 16
  Field<internal::Ipv6Index> src6_, dst6_;
};

}  // namespace vnet::lookup
