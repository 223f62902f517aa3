#include "render/shader_library.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <mutex>

#include <vtkObjectFactory.h>
#include <vtkOutputWindow.h>
#include <vtkSmartPointer.h>

#include "render/embedded_shaders.h"

namespace toxplan::render {

namespace {

std::mutex& overrides_mutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, std::optional<std::string>, std::less<>>& overrides() {
  static std::map<std::string, std::optional<std::string>, std::less<>> o;
  return o;
}

struct ErrorTally {
  std::mutex mutex;
  long count = 0;
  std::string last;
};
ErrorTally& tally() {
  static ErrorTally t;
  return t;
}

bool mentions_shader(const char* text) {
  std::string lower(text == nullptr ? "" : text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("shader") != std::string::npos;
}

// The first few lines of an error, without VTK's numbered source listing.
std::string summary_of(const char* text) {
  std::string s(text == nullptr ? "" : text);
  std::string out;
  int lines = 0;
  std::size_t start = 0;
  while (start < s.size() && lines < 3) {
    const std::size_t end = std::min(s.find('\n', start), s.size());
    const std::string line = s.substr(start, end - start);
    if (line.find("error") != std::string::npos || line.find("ERROR") != std::string::npos) {
      out += (out.empty() ? "" : " / ") + line;
      ++lines;
    }
    start = end + 1;
  }
  return out.empty() ? s.substr(0, 200) : out.substr(0, 400);
}

// Passes everything to the output window that was there before it, counting shader errors.
class ShaderErrorWatcher : public vtkOutputWindow {
 public:
  static ShaderErrorWatcher* New();
  // The macro takes no semicolon (-Wpedantic calls one extra), which clang-format cannot tell.
  // clang-format off
  vtkTypeMacro(ShaderErrorWatcher, vtkOutputWindow)

  void DisplayErrorText(const char* text) override {
    // clang-format on
    if (mentions_shader(text)) {
      std::lock_guard<std::mutex> lock(tally().mutex);
      ++tally().count;
      tally().last = summary_of(text);
    }
    if (previous_) {
      previous_->DisplayErrorText(text);
    } else {
      Superclass::DisplayErrorText(text);
    }
  }
  void DisplayText(const char* text) override {
    if (previous_) previous_->DisplayText(text);
  }
  void DisplayWarningText(const char* text) override {
    if (previous_) previous_->DisplayWarningText(text);
  }
  void DisplayGenericWarningText(const char* text) override {
    if (previous_) previous_->DisplayGenericWarningText(text);
  }
  void DisplayDebugText(const char* text) override {
    if (previous_) previous_->DisplayDebugText(text);
  }
  void set_previous(vtkOutputWindow* previous) { previous_ = previous; }

 private:
  vtkSmartPointer<vtkOutputWindow> previous_;
};
vtkStandardNewMacro(ShaderErrorWatcher)

}  // namespace

std::optional<std::string> shader_source(std::string_view name) {
  {
    std::lock_guard<std::mutex> lock(overrides_mutex());
    if (auto it = overrides().find(name); it != overrides().end()) return it->second;
  }
  for (const EmbeddedShader& s : embedded_shaders()) {
    if (name == s.name) return std::string(s.source);
  }
  return std::nullopt;
}

void override_shader_source_for_testing(std::string name, std::optional<std::string> source) {
  std::lock_guard<std::mutex> lock(overrides_mutex());
  overrides()[std::move(name)] = std::move(source);
}

void reset_shader_sources_for_testing() {
  std::lock_guard<std::mutex> lock(overrides_mutex());
  overrides().clear();
}

void watch_shader_errors() {
  static std::once_flag once;
  std::call_once(once, [] {
    vtkNew<ShaderErrorWatcher> watcher;
    watcher->set_previous(vtkOutputWindow::GetInstance());
    vtkOutputWindow::SetInstance(watcher);
  });
}

long shader_error_count() {
  std::lock_guard<std::mutex> lock(tally().mutex);
  return tally().count;
}

namespace {
std::atomic<long> failures{0};
}  // namespace

void note_shader_failure() {
  failures.fetch_add(1);
}

long shader_failure_count() {
  return failures.load();
}

std::string last_shader_error() {
  std::lock_guard<std::mutex> lock(tally().mutex);
  return tally().last;
}

}  // namespace toxplan::render
