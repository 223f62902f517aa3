#include "base/json_text.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "base/json_locator.h"

namespace toxplan {

namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 3, ...".
std::string without_prefix(const std::string& what) {
  const auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

// Offset of `token` where it stands as a JSON value: outside every string, not inside a longer
// token. (A title holding the same characters must not give its line.)
std::size_t value_token_offset(std::string_view text, std::string_view token) {
  auto token_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-';
  };
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (text.compare(i, token.size(), token) != 0) continue;
    const bool starts = i == 0 || !token_char(text[i - 1]);
    const std::size_t end = i + token.size();
    if (starts && (end == text.size() || !token_char(text[end]))) return i;
  }
  return std::string_view::npos;
}

// "number overflow parsing '1e999999'": the quoted token, found as a value in the text, gives the
// line.
int line_of_quoted_token(std::string_view text, const std::string& what) {
  const auto open = what.find('\'');
  const auto close = open == std::string::npos ? open : what.find('\'', open + 1);
  if (close == std::string::npos) return 0;
  const auto at = value_token_offset(text, what.substr(open + 1, close - open - 1));
  return at == std::string_view::npos ? 0 : JsonLocator::line_at_offset(text, at);
}

}  // namespace

std::optional<nlohmann::json> parse_json_text(std::string_view text, JsonTextError* error) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    if (error) {
      error->line = JsonLocator::line_at_offset(text, e.byte > 0 ? e.byte - 1 : 0);
      error->message = without_prefix(e.what());
    }
  } catch (const nlohmann::json::exception& e) {
    if (error) {
      error->line = line_of_quoted_token(text, e.what());
      error->message = without_prefix(e.what());
    }
  }
  return std::nullopt;
}

std::string json_syntax_message(const std::string& source, const JsonTextError& error,
                                const std::string& advice) {
  return source + (error.line > 0 ? ":" + std::to_string(error.line) : std::string()) +
         ": not valid JSON (" + error.message + "); " + advice;
}

Finding json_syntax_finding(const std::string& code, const std::string& source,
                            const JsonTextError& error, const std::string& advice) {
  return {code, Severity::Error, "", "", error.line, json_syntax_message(source, error, advice)};
}

}  // namespace toxplan
