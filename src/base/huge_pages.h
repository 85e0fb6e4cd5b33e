// Memory in transparent huge pages, for the lookup structures a flow verdict reads at random
// (classifiers, LPM tables, address maps, NIC records). On a VM with nested paging a TLB miss
// costs as much as the DRAM access it precedes: on 2 MiB pages a random line measured about
// twice as fast as on 4 KiB ones (docs/benchmarks.md). HugePageAllocator<T> is a stateless
// allocator over one process-wide pool whose chunks are mappings advised MADV_HUGEPAGE; where
// the kernel offers no huge pages it is ordinary memory. Under AddressSanitizer it is operator
// new, so that ASan still checks the buffers. Thread-safe.
#pragma once
#include <cstddef>
#include <memory_resource>
#include <vector>

namespace vnet::base {

std::pmr::memory_resource* HugePageMemory();

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding is implicit
  T* allocate(size_t n) {
    return static_cast<T*>(HugePageMemory()->allocate(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* p, size_t n) { HugePageMemory()->deallocate(p, n * sizeof(T), alignof(T)); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <class T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace vnet::base
