#include "base/json_locator.h"

#include <algorithm>
#include <cctype>

#include "base/finding.h"

namespace toxplan {

namespace {

// A minimal recursive-descent walk over already-validated JSON text that records where each
// value starts. It does not build values: nlohmann has done that.
class Scanner {
 public:
  Scanner(std::string_view text, std::unordered_map<std::string, int>* lines)
      : text_(text), lines_(lines) {}

  void run() {
    skip_ws();
    value("");
  }

 private:
  void skip_ws() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  std::string string_token() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        out += text_[pos_ + 1];  // good enough for keys; escapes in keys are rare
        pos_ += 2;
        continue;
      }
      out += text_[pos_++];
    }
    ++pos_;  // closing quote
    return out;
  }

  void value(const std::string& pointer) {
    skip_ws();
    if (pos_ >= text_.size() || depth_ > 512) return;
    lines_->emplace(pointer, line_);
    const char c = text_[pos_];
    if (c == '{') {
      ++depth_;
      ++pos_;
      skip_ws();
      while (pos_ < text_.size() && !at('}')) {
        if (!at('"')) return;  // not valid JSON; stop quietly
        const std::string key = string_token();
        skip_ws();
        if (at(':')) ++pos_;
        value(pointer + "/" + json_pointer_escape(key));
        skip_ws();
        if (at(',')) {
          ++pos_;
          skip_ws();
        }
      }
      ++pos_;
      --depth_;
    } else if (c == '[') {
      ++depth_;
      ++pos_;
      skip_ws();
      for (int index = 0; pos_ < text_.size() && !at(']'); ++index) {
        value(pointer + "/" + std::to_string(index));
        skip_ws();
        if (at(',')) {
          ++pos_;
          skip_ws();
        } else if (!at(']')) {
          return;
        }
      }
      ++pos_;
      --depth_;
    } else if (c == '"') {
      string_token();
    } else {
      while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
             text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']') {
        ++pos_;
      }
    }
  }

  std::string_view text_;
  std::unordered_map<std::string, int>* lines_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int depth_ = 0;
};

}  // namespace

JsonLocator::JsonLocator(std::string_view text) {
  Scanner(text, &lines_).run();
}

int JsonLocator::line_of(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = lines_.find(p);
    if (it != lines_.end()) return it->second;
    if (p.empty()) return 0;
    const auto slash = p.rfind('/');
    p = slash == std::string::npos ? std::string() : p.substr(0, slash);
  }
}

int JsonLocator::line_at_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

void attach_lines(std::vector<Finding>* findings, std::string_view text) {
  const JsonLocator locator(text);
  for (Finding& f : *findings) {
    if (f.line == 0 && !f.field.empty()) f.line = locator.line_of(f.field);
    if (f.line > 0 && f.message.find("(line ") == std::string::npos) {
      f.message += " (line " + std::to_string(f.line) + ")";
    }
  }
}

std::string json_pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace toxplan
