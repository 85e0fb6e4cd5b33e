// Classifier: the first rule (in priority order) that matches a five-tuple, for NSGs of up to a
// thousand rules whose address fields hold service tags expanded to thousands of prefixes.
// Bit-vector scheme (Lakshman and Stiliadis, 1998): each field's values are cut into elementary
// intervals, each holding the set of rules that match there (identical sets stored once); a
// lookup finds the five sets and ANDs them word by word until the first set bit. With at most 63
// rules a set is one word, and each IPv4 field is a BucketIndex that holds the sets themselves:
// one or two lines per field. Immutable; thread-safe to read.
#pragma once
#include <cstdint>
#include <vector>

#include "base/huge_pages.h"
#include "lookup/internal/bucket_index.h"
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

class alignas(64) Classifier {
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
  // For callers that classify many tuples with the same source or destination address (a NIC's
  // own): the rule set of that address in the source or destination field, to pass back to
  // Classify. kNoSet where the classifier cannot take one (more than 63 rules, or IPv6).
  static constexpr uint64_t kNoSet = uint64_t{1} << 63;
  uint64_t SourceSet(const net::IpAddress& a) const {
    return one_word_ && a.is_v4() ? src4_sets_.Find(a.v4()) : kNoSet;
  }
  uint64_t DestinationSet(const net::IpAddress& a) const {
    return one_word_ && a.is_v4() ? dst4_sets_.Find(a.v4()) : kNoSet;
  }
  // Classify(t, any_source_port), given SourceSet(t.source) or DestinationSet(t.destination)
  // (either may be kNoSet: looked up then).
  uint32_t Classify(const net::FiveTuple& t, bool any_source_port, uint64_t source_set,
                    uint64_t destination_set) const {
    if ((source_set & destination_set & kNoSet) || !one_word_ || !t.source.is_v4() ||
        !t.destination.is_v4())
      return Classify(t, any_source_port);
    uint64_t m = source_set & kNoSet ? src4_sets_.Find(t.source.v4()) : source_set;
    m &= destination_set & kNoSet ? dst4_sets_.Find(t.destination.v4()) : destination_set;
    return FinishOneWord(m, t, any_source_port);
  }
  // The flag of rule `rule` (< size()): with at most 63 rules read from the line a lookup has
  // already read (an NSG rule's access, with no load of the rule).
  bool Flag(uint32_t rule) const {
    return ((one_word_ ? flags_ : flag_bits_[rule / 64]) >> (rule % 64)) & 1;
  }
  size_t size() const { return rules_; }
  size_t memory_bytes() const;

 private:
  // One field: per elementary interval, the offset in `bits` of its rule set (`words_` words);
  // with one word, the set itself instead (IPv6 fields only: IPv4 ones are BucketIndexes then).
  template <class Index>
  struct Field {
    Index index;
    base::HugePageVector<uint64_t> sets = {0};  // one_word_ only: by interval (then no row, bits)
    base::HugePageVector<uint32_t> row = {0};
    base::HugePageVector<uint64_t> bits = {0};
    const uint64_t* Find(size_t i) const { return bits.data() + row[i]; }
    size_t memory_bytes() const {
      return index.memory_bytes() + row.size() * 4 + bits.size() * 8 + sets.size() * 8;
    }
  };
  uint32_t ClassifyOneWord(const net::FiveTuple& t, bool any_source_port) const;
  // The protocol and port fields of a one-word lookup, given the address fields' set `m`.
  uint32_t FinishOneWord(uint64_t m, const net::FiveTuple& t, bool any_source_port) const {
    m &= protocol_sets_[static_cast<size_t>(t.protocol)];
    if (net::HasPorts(t.protocol)) {
      if (!any_source_port) m &= src_port_sets_.Find(uint32_t{t.source_port} << 16);
      m &= dst_port_sets_.Find(uint32_t{t.destination_port} << 16);
    }
    return m ? static_cast<uint32_t>(__builtin_ctzll(m)) : kNoMatch;
  }
  // What a one-word IPv4 lookup reads of the object comes first: these 56 bytes, then the four
  // BucketIndexes (three lines in all, adjacent).
  bool one_word_ = true;  // at most 63 rules (bit 63 of a BucketIndex value is taken)
  uint32_t words_ = 1;
  uint32_t rules_ = 0;
  uint64_t flags_ = 0;                                // the rules' flags (one_word_)
  uint64_t protocol_sets_[net::kProtocolCount] = {};  // by protocol (one_word_)
  // one_word_: the IPv4 fields' rule sets; ports keyed port << 16.
  internal::BucketIndex src4_sets_, dst4_sets_, src_port_sets_, dst_port_sets_;
  base::HugePageVector<uint64_t> protocol_bits_;  // kProtocolCount rows of `words_` (!one_word_)
  base::HugePageVector<uint64_t> all_rules_;  // `words_` words of ones: the source port set ignored
  base::HugePageVector<uint64_t> flag_bits_;  // the rules' flags, `words_` words (!one_word_)
  Field<internal::Ipv4Index> src4_, dst4_, src_port_, dst_port_;  // !one_word_
  Field<internal::Ipv6Index> src6_, dst6_;
};

}  // namespace vnet::lookup
