// util/once_per_key.h — a value per key (a language, a path), built on
// first use and kept for the life of the process.
//
//   static util::OncePerKey<Table> tables;
//   const Table& t = tables.get(lang, [&] { return build_table(lang); });
//
// Shared by all threads: get() builds under the lock, so a key's value is
// built once; the reference stays valid (values are never moved or
// dropped). O(log keys) per call.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace polyalign::util {

template <typename T>
class OncePerKey {
 public:
  // The value of `key`, built by build() (returning a T) the first time.
  template <typename Build>
  const T& get(std::string_view key, Build&& build) {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) {
      it = values_.emplace(std::string(key), std::make_unique<T>(build())).first;
    }
    return *it->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<T>, std::less<>> values_;
};

}  // namespace polyalign::util
