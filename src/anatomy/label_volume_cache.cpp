#include "anatomy/label_volume_cache.h"

#include <cstdint>

namespace toxplan::anatomy {

std::size_t GridKeyHash::operator()(const GridKey& k) const {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
  for (int a = 0; a < 3; ++a) {
    mix(static_cast<std::uint64_t>(k.first[static_cast<std::size_t>(a)]));
    mix(static_cast<std::uint64_t>(k.dims[static_cast<std::size_t>(a)]));
  }
  mix(std::hash<double>{}(k.spacing_mm));
  return static_cast<std::size_t>(h);
}

std::shared_ptr<const LabelVolume> LabelVolumeCache::get_or_build(
    const GridKey& key, const std::function<std::shared_ptr<const LabelVolume>()>& build) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      entries_.splice(entries_.begin(), entries_, it->second);
      return entries_.front().volume;
    }
  }
  std::shared_ptr<const LabelVolume> volume = build();
  const std::size_t bytes = volume->labels.size() * sizeof(std::uint16_t) +
                            volume->fibre_direction.size() * sizeof(std::array<float, 3>);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    return it->second->volume;  // another thread finished first: keep one instance per key
  }
  entries_.push_front({key, volume, bytes});
  index_[key] = entries_.begin();
  bytes_ += bytes;
  // Evict the least recently used, but never the entry just added.
  while (entries_.size() > 1 && (entries_.size() > max_entries_ || bytes_ > max_bytes_)) {
    bytes_ -= entries_.back().bytes;
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
  return volume;
}

void LabelVolumeCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  index_.clear();
  bytes_ = 0;
}

std::size_t LabelVolumeCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace toxplan::anatomy
