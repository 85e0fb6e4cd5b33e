// AddressMap<V>: a flat open-addressing hash map from (scope, address) to V, for the evaluator's
// "who holds this address in this VNet" questions: one probe sequence over a contiguous array
// (linear probing, load at most 1/2), no node per entry. Built by TryEmplace, then read-only;
// const methods are safe from any thread. V should be small and trivially copyable.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "base/huge_pages.h"
#include "net/ip_address.h"

namespace vnet::lookup {

template <class V>
class AddressMap {
 public:
  AddressMap() : slots_(kMinSlots) {}

  // Inserts (scope, address) -> value unless the key is present. Returns the stored value (for
  // changing it while building) and whether it was inserted. Pointers are invalidated by the
  // next insertion. Amortized O(1).
  std::pair<V*, bool> TryEmplace(uint32_t scope, const net::IpAddress& address, const V& value) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    Slot* s = Probe(scope, address);
    if (s->used) return {&s->value, false};
    *s = Slot{address.hi(), address.lo(), scope, Tag(address), true, value};
    ++size_;
    return {&s->value, true};
  }

  // The value stored under (scope, address), or nullptr. Never allocates.
  const V* Find(uint32_t scope, const net::IpAddress& address) const {
    const uint64_t hi = address.hi(), lo = address.lo();
    const uint8_t tag = Tag(address);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Hash(scope, hi, lo, tag) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.lo == lo && s.scope == scope && s.hi == hi && s.family == tag) return &s.value;
    }
  }

  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  static constexpr size_t kMinSlots = 16;
  struct Slot {
    uint64_t hi = 0, lo = 0;
    uint32_t scope = 0;
    uint8_t family = 0;
    bool used = false;
    V value{};
  };

  static uint8_t Tag(const net::IpAddress& a) { return static_cast<uint8_t>(a.family()); }
  static size_t Hash(uint32_t scope, uint64_t hi, uint64_t lo, uint8_t tag) {
    // Multiply-xorshift mixing: addresses of one subnet differ only in their low bits.
    uint64_t h =
        (lo ^ (hi * 0x9E3779B97F4A7C15ULL) ^ (uint64_t{scope} << 40) ^ tag) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }

  Slot* Probe(uint32_t scope, const net::IpAddress& a) {
    const uint8_t tag = Tag(a);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Hash(scope, a.hi(), a.lo(), tag) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used || (s.lo == a.lo() && s.scope == scope && s.hi == a.hi() && s.family == tag))
        return &s;
    }
  }

  void Grow() {
    base::HugePageVector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (!s.used) continue;
      size_t i = Hash(s.scope, s.hi, s.lo, s.family) & mask;
      while (slots_[i].used) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  base::HugePageVector<Slot> slots_;  // size a power of two
  size_t size_ = 0;
};

}  // namespace vnet::lookup
