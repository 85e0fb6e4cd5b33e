// Classifier: the first rule (in priority order) that matches a five-tuple, for NSGs of up to a
// thousand rules whose address fields hold service tags expanded to thousands of prefixes.
// Bit-vector scheme: each field's values are cut into elementary intervals, each holding the set
// of rules that match there; a lookup ANDs the five sets word by word and stops at the first
// set bit. Immutable; thread-safe to read.
#pragma once
#include <cstdint>
#include <vector>

#include "lookup/internal/interval_map.h"
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
  Classifier() = default;
  // rules[i] has priority order i (0 first).
  static Classifier Build(std::vector<ClassifierRule> rules);
  // Index of the first rule matching the tuple, or kNoMatch. Port fields are ignored (treated
  // as matching) for protocols without ports (ICMP, ESP, AH).
  uint32_t Classify(const net::FiveTuple& t) const;
  size_t size() const { return rules_; }
  size_t memory_bytes() const;

 private:
  // One field: interval starts and, per interval, `words_` 64-bit words of rule bits.
  template <class K>
  struct Field {
    std::vector<K> starts;
    std::vector<uint64_t> bits;  // starts.size() * words
  };
  struct Field4 {
    internal::Starts4 starts;
    std::vector<uint64_t> bits;
  };
  const uint64_t* Bits4(const Field4& f, uint32_t key) const {
    return f.bits.data() + f.starts.Find(key) * words_;
  }
  const uint64_t* BitsPort(const Field<uint32_t>& f, uint32_t key) const {
    return f.bits.data() + internal::FindInterval(f.starts, key) * words_;
  }

  size_t rules_ = 0;
  size_t words_ = 0;
  Field4 src4_, dst4_;
  Field<uint32_t> src_port_, dst_port_;
  Field<internal::Key> src6_, dst6_;
  std::vector<uint64_t> protocol_bits_;  // net::kProtocolCount * words
};

}  // namespace vnet::lookup
