#include "anatomy/label_volume_cache.h"

namespace toxplan::anatomy {

std::shared_ptr<const LabelVolume> LabelVolumeCache::get_or_build(
    const GridKey& key, const std::function<std::shared_ptr<const LabelVolume>()>& build) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key == key) {
        entries_.splice(entries_.begin(), entries_, it);
        return entries_.front().volume;
      }
    }
  }
  std::shared_ptr<const LabelVolume> volume = build();
  const std::size_t bytes =
      volume->labels.size() * (sizeof(std::uint16_t) + sizeof(std::array<float, 3>));
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Entry& e : entries_) {
    if (e.key == key) {
      return e.volume;  // another thread finished first: keep one instance per key
    }
  }
  entries_.push_front({key, volume, bytes});
  bytes_ += bytes;
  // Evict the least recently used, but never the entry just added.
  while (entries_.size() > 1 && (entries_.size() > max_entries_ || bytes_ > max_bytes_)) {
    bytes_ -= entries_.back().bytes;
    entries_.pop_back();
  }
  return volume;
}

void LabelVolumeCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  bytes_ = 0;
}

std::size_t LabelVolumeCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace toxplan::anatomy
