// What a plan treats. Limits depend on it: the same product has different label maxima for
// chronic migraine, cervical dystonia and spasticity (docs/limits.md).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toxplan {
class JsonReader;
}

namespace toxplan::plan {

enum class Indication {
  ChronicMigraine,
  CervicalDystonia,
  UpperLimbSpasticity,
  LowerLimbSpasticity,
  Other,
};

// As written in plan and protocol files: "chronic_migraine", "cervical_dystonia", ...
std::string_view indication_id(Indication indication);
// For people: "chronic migraine", "cervical dystonia", ...
std::string_view indication_name(Indication indication);
std::optional<Indication> indication_from_id(std::string_view id);
const std::vector<Indication>& all_indications();
// "chronic_migraine, cervical_dystonia, ..." for messages that list the accepted ids.
std::string indication_ids_text();

// The indication of a plan file written before plans carried one, from its protocol:
// preempt-* is chronic migraine, cervical-dystonia is cervical dystonia, anything else "other".
Indication indication_for_protocol(std::string_view protocol_id);

// The optional top-level "indication" field of a plan or protocol file, `fallback` when absent;
// an unknown value is an INDICATION_UNKNOWN error naming the accepted ids.
Indication read_indication_field(JsonReader& reader, const nlohmann::json& doc,
                                 Indication fallback);

}  // namespace toxplan::plan
