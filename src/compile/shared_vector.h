// SharedVector<T>: a vector whose copies share their elements until one of them is changed
// (copy on write), so that a new topology can be made from the last one by replacing only what
// a change touched. Reads never copy; every mutating call copies first if the storage is shared.
// Not thread-safe for writers; readers of a vector nobody mutates may share it freely.
#pragma once
#include <memory>
#include <vector>

namespace vnet::compile {

template <class T>
class SharedVector {
 public:
  SharedVector() : v_(std::make_shared<std::vector<T>>()) {}

  size_t size() const { return v_->size(); }
  bool empty() const { return v_->empty(); }
  const T& operator[](size_t i) const { return (*v_)[i]; }
  const T& front() const { return v_->front(); }
  const T& back() const { return v_->back(); }
  typename std::vector<T>::const_iterator begin() const { return v_->cbegin(); }
  typename std::vector<T>::const_iterator end() const { return v_->cend(); }
  // True when both share one storage (nothing was changed since one was copied from the other).
  bool SameStorage(const SharedVector& other) const { return v_ == other.v_; }

  // The elements for writing (copied first when shared).
  std::vector<T>& Mut() {
    if (v_.use_count() > 1) v_ = std::make_shared<std::vector<T>>(*v_);
    return *v_;
  }
  T& At(size_t i) { return Mut()[i]; }
  void push_back(T value) { Mut().push_back(std::move(value)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    return Mut().emplace_back(std::forward<Args>(args)...);
  }
  void resize(size_t n) { Mut().resize(n); }
  void reserve(size_t n) { Mut().reserve(n); }

 private:
  std::shared_ptr<std::vector<T>> v_;
};

}  // namespace vnet::compile
