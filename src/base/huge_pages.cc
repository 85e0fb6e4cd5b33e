// The huge-page pool: small and middling blocks from a synchronized pool whose chunks come from
// a bump arena over 32 MiB mappings; blocks past the pool's largest size get mappings of their
// own, unmapped when freed.
#include "base/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <mutex>
#include <new>

namespace vnet::base {

namespace {

constexpr size_t kHugePage = size_t{2} << 20;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

// `bytes` (a multiple of kHugePage) at a kHugePage boundary, advised for huge pages.
void* MapHuge(size_t bytes) {
  void* p =
      mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = RoundUp(start, kHugePage);
  if (aligned > start) munmap(p, aligned - start);
  uintptr_t end = start + bytes + kHugePage;
  if (end > aligned + bytes)
    munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // a hint: failure is harmless
  return reinterpret_cast<void*>(aligned);
}

// Hands out pieces of huge-page mappings and never takes them back: the pool above keeps what
// it frees for reuse.
class Arena : public std::pmr::memory_resource {
 private:
  void* do_allocate(size_t bytes, size_t align) override {
    std::lock_guard<std::mutex> lock(mu_);
    uintptr_t at = RoundUp(next_, align);
    if (next_ == 0 || at + bytes > end_) {
      size_t size = RoundUp(std::max(bytes + align, kChunk), kHugePage);
      next_ = reinterpret_cast<uintptr_t>(MapHuge(size));
      end_ = next_ + size;
      at = RoundUp(next_, align);
    }
    next_ = at + bytes;
    return reinterpret_cast<void*>(at);
  }
  void do_deallocate(void*, size_t, size_t) override {}
  bool do_is_equal(const memory_resource& o) const noexcept override { return this == &o; }

  static constexpr size_t kChunk = size_t{32} << 20;
  std::mutex mu_;
  uintptr_t next_ = 0, end_ = 0;
};

class HugePagePool : public std::pmr::memory_resource {
 public:
  HugePagePool() : pool_(std::pmr::pool_options{0, size_t{1} << 20}, &arena_) {
    largest_pooled_ = pool_.options().largest_required_pool_block;
  }

 private:
  void* do_allocate(size_t bytes, size_t align) override {
    if (bytes <= largest_pooled_ && align <= alignof(std::max_align_t) * 4)
      return pool_.allocate(bytes, align);
    return MapHuge(RoundUp(bytes, kHugePage));
  }
  void do_deallocate(void* p, size_t bytes, size_t align) override {
    if (bytes <= largest_pooled_ && align <= alignof(std::max_align_t) * 4)
      return pool_.deallocate(p, bytes, align);
    munmap(p, RoundUp(bytes, kHugePage));
  }
  bool do_is_equal(const memory_resource& o) const noexcept override { return this == &o; }

  Arena arena_;
  std::pmr::synchronized_pool_resource pool_;
  size_t largest_pooled_ = 0;
};

}  // namespace

std::pmr::memory_resource* HugePageMemory() {
#if defined(__SANITIZE_ADDRESS__)
  return std::pmr::new_delete_resource();
#else
  static auto* pool = new HugePagePool();  // never destroyed: static destructors may still free
  return pool;
#endif
}

}  // namespace vnet::base
