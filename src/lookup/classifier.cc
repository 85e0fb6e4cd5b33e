// Building the classifier's per-field rule sets, and the lookup.
#include "lookup/classifier.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace vnet::lookup {

namespace {

using internal::Key;

// The key ranges one rule matches in one field; `any` when the rule leaves the field open.
struct RuleRanges {
  bool any = true;
  std::vector<std::pair<Key, Key>> ranges;
};

struct BuiltField {
  std::vector<Key> starts;     // elementary intervals
  std::vector<uint32_t> row;   // per interval, the offset of its rule set in `bits`
  std::vector<uint64_t> bits;  // distinct rule sets, `words` words each
};

// Cuts [0, max] at every range edge, sets each rule's bit on the intervals its ranges cover,
// then stores each distinct set once and merges neighbours that share one.
BuiltField BuildField(const std::vector<RuleRanges>& per_rule, Key max, size_t words) {
  std::vector<Key> cuts{Key{}};
  for (const RuleRanges& r : per_rule) {
    for (const auto& [first, last] : r.ranges) {
      cuts.push_back(first);
      if (last != max) cuts.push_back(internal::Next(last));
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<uint64_t> sets(cuts.size() * words, 0);
  auto index_of = [&](const Key& k) {
    return static_cast<size_t>(std::lower_bound(cuts.begin(), cuts.end(), k) - cuts.begin());
  };
  for (size_t r = 0; r < per_rule.size(); ++r) {
    uint64_t bit = uint64_t{1} << (r % 64);
    size_t word = r / 64;
    auto mark = [&](size_t lo, size_t hi) {
      for (size_t i = lo; i < hi; ++i) sets[i * words + word] |= bit;
    };
    if (per_rule[r].any) mark(0, cuts.size());
    for (const auto& [first, last] : per_rule[r].ranges)
      mark(index_of(first), last == max ? cuts.size() : index_of(internal::Next(last)));
  }
  BuiltField out;
  std::unordered_map<std::string_view, uint32_t> offsets;
  const char* data = reinterpret_cast<const char*>(sets.data());
  for (size_t i = 0; i < cuts.size(); ++i) {
    std::string_view set(data + i * words * 8, words * 8);
    auto [it, inserted] = offsets.emplace(set, static_cast<uint32_t>(out.bits.size()));
    if (inserted) out.bits.insert(out.bits.end(), &sets[i * words], &sets[(i + 1) * words]);
    if (!out.row.empty() && out.row.back() == it->second) continue;
    out.starts.push_back(cuts[i]);
    out.row.push_back(it->second);
  }
  return out;
}

std::vector<uint32_t> Starts32(const std::vector<Key>& starts, int shift) {
  std::vector<uint32_t> out;
  out.reserve(starts.size());
  for (const Key& k : starts) out.push_back(static_cast<uint32_t>(k.lo << shift));
  return out;
}

// A rule's addresses of one family: `any` if the list is empty; none if it lists only the other.
RuleRanges Addresses(const std::vector<net::Cidr>& list, bool v4) {
  RuleRanges out;
  out.any = list.empty();
  for (const net::Cidr& c : list) {
    if (c.is_v4() == v4) out.ranges.push_back({internal::First(c), internal::Last(c)});
  }
  return out;
}

RuleRanges Ports(const std::vector<net::PortRange>& list) {
  RuleRanges out;
  out.any = list.empty();
  for (const net::PortRange& p : list) out.ranges.push_back({Key{0, p.lo}, Key{0, p.hi}});
  return out;
}

uint32_t FirstMatch(const uint64_t* a, const uint64_t* b, const uint64_t* c, size_t words) {
  for (size_t w = 0; w < words; ++w) {
    uint64_t m = a[w] & b[w] & c[w];
    if (m) return static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(m)));
  }
  return kNoMatch;
}

uint32_t FirstMatch(const uint64_t* a, const uint64_t* b, const uint64_t* c, const uint64_t* d,
                    const uint64_t* e, size_t words) {
  for (size_t w = 0; w < words; ++w) {
    uint64_t m = a[w] & b[w] & c[w] & d[w] & e[w];
    if (m) return static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(m)));
  }
  return kNoMatch;
}

}  // namespace

Classifier::Classifier() : protocol_bits_(net::kProtocolCount, 0), all_rules_(1, ~uint64_t{0}) {}

Classifier Classifier::Build(std::vector<ClassifierRule> rules) {
  Classifier c;
  c.rules_ = static_cast<uint32_t>(rules.size());
  c.words_ = static_cast<uint32_t>(std::max<size_t>(1, (rules.size() + 63) / 64));
  std::vector<RuleRanges> s4, d4, s6, d6, sp, dp;
  for (const ClassifierRule& r : rules) {
    s4.push_back(Addresses(r.sources, true));
    d4.push_back(Addresses(r.destinations, true));
    s6.push_back(Addresses(r.sources, false));
    d6.push_back(Addresses(r.destinations, false));
    sp.push_back(Ports(r.source_ports));
    dp.push_back(Ports(r.destination_ports));
  }
  c.one_word_ = rules.size() < 64;
  auto field4 = [&](const std::vector<RuleRanges>& per_rule, Key max, int shift,
                    Field<internal::Ipv4Index>* f, internal::BucketIndex* sets) {
    BuiltField b = BuildField(per_rule, max, c.words_);
    if (c.one_word_) {
      std::vector<uint64_t> values;
      values.reserve(b.row.size());
      for (uint32_t offset : b.row) values.push_back(b.bits[offset]);
      *sets = internal::BucketIndex(Starts32(b.starts, shift), values);
      return;
    }
    f->index = internal::Ipv4Index(Starts32(b.starts, shift));
    f->row.assign(b.row.begin(), b.row.end());
    f->bits.assign(b.bits.begin(), b.bits.end());
  };
  // IPv6 fields: with one word, each interval's set read directly (row and bits dropped).
  auto field6 = [&](const std::vector<RuleRanges>& per_rule, Field<internal::Ipv6Index>* f) {
    BuiltField b = BuildField(per_rule, internal::MaxKey(false), c.words_);
    f->index = internal::Ipv6Index(b.starts);
    f->sets.clear();
    if (c.one_word_) {
      for (uint32_t offset : b.row) f->sets.push_back(b.bits[offset]);
      f->row = {};
      f->bits = {};
      return;
    }
    f->row.assign(b.row.begin(), b.row.end());
    f->bits.assign(b.bits.begin(), b.bits.end());
  };
  field4(s4, internal::MaxKey(true), 0, &c.src4_, &c.src4_sets_);
  field4(d4, internal::MaxKey(true), 0, &c.dst4_, &c.dst4_sets_);
  // Ports in the top bits, for the bucket tables.
  field4(sp, Key{0, 65535}, 16, &c.src_port_, &c.src_port_sets_);
  field4(dp, Key{0, 65535}, 16, &c.dst_port_, &c.dst_port_sets_);
  field6(s6, &c.src6_);
  field6(d6, &c.dst6_);
  std::vector<uint64_t> flags(c.words_, 0);
  for (size_t r = 0; r < rules.size(); ++r) {
    if (rules[r].flag) flags[r / 64] |= uint64_t{1} << (r % 64);
  }
  if (c.one_word_) {
    c.flags_ = flags[0];
  } else {
    c.flag_bits_.assign(flags.begin(), flags.end());
  }
  c.all_rules_.assign(c.words_, ~uint64_t{0});  // bits past the last rule: clear in other fields
  c.protocol_bits_.assign(net::kProtocolCount * c.words_, 0);
  for (size_t r = 0; r < rules.size(); ++r) {
    for (int p = 0; p < net::kProtocolCount; ++p) {
      if (rules[r].protocols & (1u << p))
        c.protocol_bits_[p * c.words_ + r / 64] |= uint64_t{1} << (r % 64);
    }
  }
  if (c.one_word_) {
    for (int p = 0; p < net::kProtocolCount; ++p) c.protocol_sets_[p] = c.protocol_bits_[p];
    c.protocol_bits_ = {};
  }
  return c;
}

uint32_t Classifier::ClassifyOneWord(const net::FiveTuple& t, bool any_source_port) const {
  uint64_t m;
  if (t.source.is_v4()) {
    if (!t.destination.is_v4()) return kNoMatch;
    m = src4_sets_.Find(t.source.v4()) & dst4_sets_.Find(t.destination.v4());
  } else {
    if (t.destination.is_v4()) return kNoMatch;
    m = src6_.sets[src6_.index.Find(t.source.hi(), t.source.lo())] &
        dst6_.sets[dst6_.index.Find(t.destination.hi(), t.destination.lo())];
  }
  return FinishOneWord(m, t, any_source_port);
}

uint32_t Classifier::Classify(const net::FiveTuple& t, bool any_source_port) const {
  if (one_word_) return ClassifyOneWord(t, any_source_port);
  const uint64_t* src;
  const uint64_t* dst;
  if (t.source.is_v4()) {
    if (!t.destination.is_v4()) return kNoMatch;
    src = src4_.Find(src4_.index.Find(t.source.v4()));
    dst = dst4_.Find(dst4_.index.Find(t.destination.v4()));
  } else {
    if (t.destination.is_v4()) return kNoMatch;
    src = src6_.Find(src6_.index.Find(t.source.hi(), t.source.lo()));
    dst = dst6_.Find(dst6_.index.Find(t.destination.hi(), t.destination.lo()));
  }
  const uint64_t* proto = protocol_bits_.data() + static_cast<size_t>(t.protocol) * words_;
  if (!net::HasPorts(t.protocol)) return FirstMatch(src, dst, proto, words_);
  const uint64_t* sp = any_source_port
                           ? all_rules_.data()
                           : src_port_.Find(src_port_.index.Find(uint32_t{t.source_port} << 16));
  const uint64_t* dp = dst_port_.Find(dst_port_.index.Find(uint32_t{t.destination_port} << 16));
  return FirstMatch(src, dst, proto, sp, dp, words_);
}

size_t Classifier::memory_bytes() const {
  return sizeof(*this) +
         (protocol_bits_.capacity() + all_rules_.capacity() + flag_bits_.capacity()) * 8 +
         src4_.memory_bytes() + dst4_.memory_bytes() + src6_.memory_bytes() + dst6_.memory_bytes() +
         src_port_.memory_bytes() + dst_port_.memory_bytes() + src4_sets_.memory_bytes() +
         dst4_sets_.memory_bytes() + src_port_sets_.memory_bytes() + dst_port_sets_.memory_bytes();
}

}  // namespace vnet::lookup
