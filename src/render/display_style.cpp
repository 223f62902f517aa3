#include "render/display_style.h"

namespace toxplan::render {

const char* site_status_name(SiteStatus status) {
  switch (status) {
    case SiteStatus::Unsimulated:
      return "not simulated";
    case SiteStatus::WithinTarget:
      return "within target";
    case SiteStatus::SpreadBeyondTarget:
      return "spread beyond target";
    case SiteStatus::DangerReached:
      return "danger structure reached";
  }
  return "";
}

Rgb site_status_colour(SiteStatus status) {
  switch (status) {
    case SiteStatus::Unsimulated:
      return {0.55, 0.75, 1.0};
    case SiteStatus::WithinTarget:
      return {0.2, 0.85, 0.35};
    case SiteStatus::SpreadBeyondTarget:
      return {1.0, 0.78, 0.0};  // amber, kept clear of the salmon muscles under it
    case SiteStatus::DangerReached:
      return {1.0, 0.0, 0.0};
  }
  return {1, 1, 1};
}

double default_opacity(anatomy::StructureKind kind) {
  switch (kind) {
    case anatomy::StructureKind::Skin:
      return 0.3;
    case anatomy::StructureKind::Fat:
      return 0.25;
    default:
      return 1.0;
  }
}

bool default_visible(anatomy::StructureKind kind) {
  return kind != anatomy::StructureKind::Fat;
}

}  // namespace toxplan::render
