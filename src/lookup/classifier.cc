// Building the classifier's per-field interval bit sets, and the lookup.
#include "lookup/classifier.h"

#include <algorithm>

namespace vnet::lookup {

namespace {

using internal::Key;

Key First(const net::Cidr& c) {
  return c.is_v4() ? Key{0, c.address().v4()} : Key{c.address().hi(), c.address().lo()};
}
Key Last(const net::Cidr& c) {
  net::IpAddress a = c.last();
  return c.is_v4() ? Key{0, a.v4()} : Key{a.hi(), a.lo()};
}
Key Next(Key k) {
  if (++k.lo == 0) ++k.hi;
  return k;
}

// Cuts [0, max] at every range edge, then sets, for each rule, its bit on every interval its
// ranges cover (a rule with no ranges: every interval).
template <class K>
void BuildField(const std::vector<std::vector<std::pair<Key, Key>>>& per_rule, Key max,
                K (*to_key)(const Key&), size_t words, std::vector<K>* starts,
                std::vector<uint64_t>* bits) {
  std::vector<Key> cuts{Key{}};
  for (const auto& ranges : per_rule) {
    for (const auto& [first, last] : ranges) {
      cuts.push_back(first);
      if (!(last == max)) cuts.push_back(Next(last));
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  starts->clear();
  for (const Key& c : cuts) starts->push_back(to_key(c));
  bits->assign(cuts.size() * words, 0);
  for (size_t r = 0; r < per_rule.size(); ++r) {
    uint64_t bit = uint64_t{1} << (r % 64);
    size_t word = r / 64;
    if (per_rule[r].empty()) {
      for (size_t i = 0; i < cuts.size(); ++i) (*bits)[i * words + word] |= bit;
      continue;
    }
    for (const auto& [first, last] : per_rule[r]) {
      size_t lo =
          static_cast<size_t>(std::lower_bound(cuts.begin(), cuts.end(), first) - cuts.begin());
      size_t hi = last == max
                      ? cuts.size()
                      : static_cast<size_t>(std::lower_bound(cuts.begin(), cuts.end(), Next(last)) -
                                            cuts.begin());
      for (size_t i = lo; i < hi; ++i) (*bits)[i * words + word] |= bit;
    }
  }
}

uint32_t ToV4(const Key& k) { return static_cast<uint32_t>(k.lo); }
Key ToV6(const Key& k) { return k; }

}  // namespace

Classifier Classifier::Build(std::vector<ClassifierRule> rules) {
  Classifier c;
  c.rules_ = rules.size();
  c.words_ = std::max<size_t>(1, (rules.size() + 63) / 64);
  const Key max4{0, 0xFFFFFFFFu}, max6{~uint64_t{0}, ~uint64_t{0}}, max_port{0, 65535};
  // Per rule and field, its ranges; an empty list means "any". A rule that lists addresses of
  // only one family matches no address of the other.
  std::vector<std::vector<std::pair<Key, Key>>> s4, d4, s6, d6, sp, dp;
  auto split = [](const std::vector<net::Cidr>& list, std::vector<std::pair<Key, Key>>* v4,
                  std::vector<std::pair<Key, Key>>* v6, bool* none4, bool* none6) {
    for (const net::Cidr& cidr : list)
      (cidr.is_v4() ? v4 : v6)->push_back({First(cidr), Last(cidr)});
    *none4 = !list.empty() && v4->empty();
    *none6 = !list.empty() && v6->empty();
  };
  std::vector<bool> never4(rules.size()), never6(rules.size());
  for (size_t r = 0; r < rules.size(); ++r) {
    const ClassifierRule& rule = rules[r];
    s4.emplace_back();
    s6.emplace_back();
    d4.emplace_back();
    d6.emplace_back();
    bool ns4, ns6, nd4, nd6;
    split(rule.sources, &s4.back(), &s6.back(), &ns4, &ns6);
    split(rule.destinations, &d4.back(), &d6.back(), &nd4, &nd6);
    never4[r] = ns4 || nd4;
    never6[r] = ns6 || nd6;
    sp.emplace_back();
    for (const net::PortRange& p : rule.source_ports)
      sp.back().push_back({Key{0, p.lo}, Key{0, p.hi}});
    dp.emplace_back();
    for (const net::PortRange& p : rule.destination_ports)
      dp.back().push_back({Key{0, p.lo}, Key{0, p.hi}});
  }
  std::vector<uint32_t> starts;
  BuildField<uint32_t>(s4, max4, &ToV4, c.words_, &starts, &c.src4_.bits);
  c.src4_.starts.Assign(std::move(starts));
  BuildField<uint32_t>(d4, max4, &ToV4, c.words_, &starts, &c.dst4_.bits);
  c.dst4_.starts.Assign(std::move(starts));
  BuildField<Key>(s6, max6, &ToV6, c.words_, &c.src6_.starts, &c.src6_.bits);
  BuildField<Key>(d6, max6, &ToV6, c.words_, &c.dst6_.starts, &c.dst6_.bits);
  BuildField<uint32_t>(sp, max_port, &ToV4, c.words_, &c.src_port_.starts, &c.src_port_.bits);
  BuildField<uint32_t>(dp, max_port, &ToV4, c.words_, &c.dst_port_.starts, &c.dst_port_.bits);
  // A rule that can never match one family: clear its bit from that family's source field.
  for (size_t r = 0; r < rules.size(); ++r) {
    uint64_t mask = ~(uint64_t{1} << (r % 64));
    size_t w = r / 64;
    if (never4[r]) {
      for (size_t i = 0; i < c.src4_.starts.size(); ++i) c.src4_.bits[i * c.words_ + w] &= mask;
    }
    if (never6[r]) {
      for (size_t i = 0; i < c.src6_.starts.size(); ++i) c.src6_.bits[i * c.words_ + w] &= mask;
    }
  }
  c.protocol_bits_.assign(net::kProtocolCount * c.words_, 0);
  for (size_t r = 0; r < rules.size(); ++r) {
    for (int p = 0; p < net::kProtocolCount; ++p) {
      if (rules[r].protocols & (1u << p))
        c.protocol_bits_[p * c.words_ + r / 64] |= uint64_t{1} << (r % 64);
    }
  }
  return c;
}

uint32_t Classifier::Classify(const net::FiveTuple& t) const {
  if (rules_ == 0) return kNoMatch;
  const uint64_t* src;
  const uint64_t* dst;
  if (t.source.is_v4() && t.destination.is_v4()) {
    src = Bits4(src4_, t.source.v4());
    dst = Bits4(dst4_, t.destination.v4());
  } else if (!t.source.is_v4() && !t.destination.is_v4()) {
    src = src6_.bits.data() +
          internal::FindInterval(src6_.starts, Key{t.source.hi(), t.source.lo()}) * words_;
    dst =
        dst6_.bits.data() +
        internal::FindInterval(dst6_.starts, Key{t.destination.hi(), t.destination.lo()}) * words_;
  } else {
    return kNoMatch;  // mixed families never match a rule
  }
  const uint64_t* proto = protocol_bits_.data() + static_cast<size_t>(t.protocol) * words_;
  if (net::HasPorts(t.protocol)) {
    const uint64_t* sp = BitsPort(src_port_, t.source_port);
    const uint64_t* dp = BitsPort(dst_port_, t.destination_port);
    for (size_t w = 0; w < words_; ++w) {
      uint64_t m = src[w] & dst[w] & proto[w] & sp[w] & dp[w];
      if (m) return static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(m)));
    }
  } else {
    for (size_t w = 0; w < words_; ++w) {
      uint64_t m = src[w] & dst[w] & proto[w];
      if (m) return static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(m)));
    }
  }
  return kNoMatch;
}

size_t Classifier::memory_bytes() const {
  size_t b = protocol_bits_.size() * 8;
  b += (src4_.starts.size() + dst4_.starts.size() + src_port_.starts.size() +
        dst_port_.starts.size()) *
       4;
  b += (src6_.starts.size() + dst6_.starts.size()) * 16;
  for (const auto* f :
       {&src4_.bits, &dst4_.bits, &src6_.bits, &dst6_.bits, &src_port_.bits, &dst_port_.bits})
    b += f->size() * 8;
  return b;
}

}  // namespace vnet::lookup
