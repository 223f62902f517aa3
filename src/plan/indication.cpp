#include "plan/indication.h"

#include "base/json_reader.h"

namespace toxplan::plan {

namespace {

struct IndicationInfo {
  Indication indication;
  std::string_view id;
  std::string_view name;
};

constexpr IndicationInfo kIndications[] = {
    {Indication::ChronicMigraine, "chronic_migraine", "chronic migraine"},
    {Indication::CervicalDystonia, "cervical_dystonia", "cervical dystonia"},
    {Indication::UpperLimbSpasticity, "upper_limb_spasticity", "upper-limb spasticity"},
    {Indication::LowerLimbSpasticity, "lower_limb_spasticity", "lower-limb spasticity"},
    {Indication::Other, "other", "other indication"},
};

const IndicationInfo& info(Indication indication) {
  for (const IndicationInfo& i : kIndications) {
    if (i.indication == indication) return i;
  }
  return kIndications[std::size(kIndications) - 1];  // unreachable: every enumerator is listed
}

}  // namespace

std::string_view indication_id(Indication indication) {
  return info(indication).id;
}

std::string_view indication_name(Indication indication) {
  return info(indication).name;
}

std::optional<Indication> indication_from_id(std::string_view id) {
  for (const IndicationInfo& i : kIndications) {
    if (i.id == id) return i.indication;
  }
  return std::nullopt;
}

const std::vector<Indication>& all_indications() {
  static const std::vector<Indication> all = [] {
    std::vector<Indication> v;
    for (const IndicationInfo& i : kIndications)
      v.push_back(i.indication);
    return v;
  }();
  return all;
}

std::string indication_ids_text() {
  std::string out;
  for (const IndicationInfo& i : kIndications) {
    if (!out.empty()) out += ", ";
    out += i.id;
  }
  return out;
}

Indication indication_for_protocol(std::string_view protocol_id) {
  if (protocol_id.rfind("preempt", 0) == 0) return Indication::ChronicMigraine;
  if (protocol_id == "cervical-dystonia") return Indication::CervicalDystonia;
  return Indication::Other;
}

Indication read_indication_field(JsonReader& reader, const nlohmann::json& doc,
                                 Indication fallback) {
  const auto id = reader.string(doc, "", "indication", false);
  if (!id) return fallback;
  if (const auto indication = indication_from_id(*id)) return *indication;
  reader.error("INDICATION_UNKNOWN", "/indication",
               "unknown indication \"" + *id + "\"; use one of " + indication_ids_text());
  return fallback;
}

}  // namespace toxplan::plan
