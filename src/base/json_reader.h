// Reads typed fields out of a parsed JSON document, recording a finding (code, JSON pointer,
// message naming the file and the field) for every missing or mistyped one. Shared by every
// file format: plans, protocols, demo scripts.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/finding.h"
#include "base/json_locator.h"
#include "base/near_miss.h"
#include "base/vec3.h"

namespace toxplan {

// Reads fields out of a JSON document, recording a finding for every missing or mistyped one.
class JsonReader {
 public:
  JsonReader(const std::string& source, Findings* findings)
      : source_(source), findings_(findings) {}

  void error(const std::string& code, const std::string& pointer, const std::string& message,
             const std::string& site_id = "") {
    findings_->push_back({code, Severity::Error, site_id, pointer, 0,
                          source_ + ": " + field_name(pointer) + ": " + message});
    ok_ = false;
  }
  void warning(const std::string& code, const std::string& pointer, const std::string& message) {
    findings_->push_back({code, Severity::Warning, "", pointer, 0,
                          source_ + ": " + field_name(pointer) + ": " + message});
  }
  bool ok() const { return ok_; }

  const nlohmann::json* member(const nlohmann::json& object, const std::string& pointer,
                               const char* key, bool required) {
    const std::string child = pointer + "/" + key;
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) error("FIELD_MISSING", child, "required field is missing; add it");
      return nullptr;
    }
    return &*it;
  }

  std::optional<double> number(const nlohmann::json& object, const std::string& pointer,
                               const char* key, bool required, const std::string& site_id = "") {
    const nlohmann::json* v = member(object, pointer, key, required);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      error("FIELD_WRONG_TYPE", pointer + "/" + key,
            std::string("must be a number, found ") + v->type_name(), site_id);
      return std::nullopt;
    }
    return v->get<double>();
  }

  std::optional<std::string> string(const nlohmann::json& object, const std::string& pointer,
                                    const char* key, bool required,
                                    const std::string& site_id = "") {
    const nlohmann::json* v = member(object, pointer, key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      error("FIELD_WRONG_TYPE", pointer + "/" + key,
            std::string("must be a string, found ") + v->type_name(), site_id);
      return std::nullopt;
    }
    return v->get<std::string>();
  }

  std::optional<Vec3> vec3(const nlohmann::json& object, const std::string& pointer,
                           const char* key, const std::string& site_id) {
    const nlohmann::json* v = member(object, pointer, key, true);
    if (!v) return std::nullopt;
    if (!v->is_array() || v->size() != 3 || !(*v)[0].is_number() || !(*v)[1].is_number() ||
        !(*v)[2].is_number()) {
      error("FIELD_WRONG_TYPE", pointer + "/" + key,
            "must be an array of three numbers [x, y, z] in mm", site_id);
      return std::nullopt;
    }
    return Vec3{(*v)[0].get<double>(), (*v)[1].get<double>(), (*v)[2].get<double>()};
  }

  const nlohmann::json* object(const nlohmann::json& parent, const std::string& pointer,
                               const char* key, bool required) {
    const nlohmann::json* v = member(parent, pointer, key, required);
    if (v && !v->is_object()) {
      error("FIELD_WRONG_TYPE", pointer + "/" + key,
            std::string("must be an object, found ") + v->type_name());
      return nullptr;
    }
    return v;
  }

  std::optional<bool> boolean(const nlohmann::json& object, const std::string& pointer,
                              const char* key, bool required) {
    const nlohmann::json* v = member(object, pointer, key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
      error("FIELD_WRONG_TYPE", pointer + "/" + key,
            std::string("must be true or false, found ") + v->type_name());
      return std::nullopt;
    }
    return v->get<bool>();
  }

  // A string, or an array of strings (a single string becomes a list of one).
  std::vector<std::string> strings(const nlohmann::json& object, const std::string& pointer,
                                   const char* key, bool required) {
    std::vector<std::string> out;
    const nlohmann::json* v = member(object, pointer, key, required);
    if (!v) return out;
    if (v->is_string()) return {v->get<std::string>()};
    if (!v->is_array()) {
      error("FIELD_WRONG_TYPE", pointer + "/" + key, "must be a string or an array of strings");
      return out;
    }
    for (const auto& e : *v) {
      if (!e.is_string()) {
        error("FIELD_WRONG_TYPE", pointer + "/" + key, "every entry must be a string");
        return {};
      }
      out.push_back(e.get<std::string>());
    }
    return out;
  }

  // Calls read(element, element_pointer) for every object of the array at `key`, reporting a
  // missing or mistyped array and every element that is not an object.
  template <typename ReadElement>
  void objects(const nlohmann::json& parent, const std::string& pointer, const char* key,
               bool required, const char* what, ReadElement&& read) {
    const nlohmann::json* list = member(parent, pointer, key, required);
    if (!list) return;
    const std::string list_pointer = pointer + "/" + key;
    if (!list->is_array()) {
      error("FIELD_WRONG_TYPE", list_pointer, std::string("must be an array of ") + what);
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string p = list_pointer + "/" + std::to_string(i);
      if (!(*list)[i].is_object()) {
        error("FIELD_WRONG_TYPE", p, std::string("each entry must be an object (") + what + ")");
        continue;
      }
      read((*list)[i], p);
    }
  }

  void unknown_fields(const nlohmann::json& object, const std::string& pointer,
                      std::initializer_list<const char*> known) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      bool found = false;
      for (const char* k : known)
        found = found || it.key() == k;
      if (found) continue;
      const std::string field = pointer + "/" + json_pointer_escape(it.key());
      // A near miss of a known name is a typing error, not a field of a newer version: ignoring
      // it would silently use the default of the field that was meant (0 prior units, ...).
      if (const auto meant = near_miss(it.key(), known)) {
        error("FIELD_MISSPELLED", field,
              "unknown field; did you mean \"" + *meant +
                  "\"? Rename it: an unknown field is "
                  "ignored, so its value would not be used");
      } else {
        warning("FIELD_UNKNOWN", field,
                "unknown field is ignored and will not be kept when the plan is saved");
      }
    }
  }

 private:
  static std::string field_name(const std::string& pointer) {
    return pointer.empty() ? std::string("document") : "field " + pointer;
  }

  std::string source_;
  Findings* findings_;
  bool ok_ = true;
};

}  // namespace toxplan
