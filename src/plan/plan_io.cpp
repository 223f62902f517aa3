#include "plan/plan_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/json_locator.h"
#include "plan/plan_json.h"

namespace toxplan::plan {

namespace fs = std::filesystem;

std::optional<std::string> read_text_file(const std::string& path, std::string* error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (error) *error = path + ": is a folder, not a file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = path + ": cannot open (" + std::strerror(errno) + "); check the path";
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    if (error) *error = path + ": read error";
    return std::nullopt;
  }
  return buffer.str();
}

PlanLoadResult load_plan_file(const std::string& path, const ValidationContext& context) {
  PlanLoadResult result;
  std::string error;
  const auto text = read_text_file(path, &error);
  if (!text) {
    result.unreadable = true;
    result.findings.push_back({"FILE_UNREADABLE", Severity::Error, "", "", 0, error});
    return result;
  }
  PlanParseResult parsed = parse_plan_text(*text, path);
  result.findings = std::move(parsed.findings);
  for (const Finding& f : result.findings) {
    result.unreadable = result.unreadable || f.code == "JSON_MALFORMED";
  }
  if (!parsed.plan) return result;

  Findings semantic = validate_plan(*parsed.plan, context);
  for (Finding& f : semantic)
    f.message = path + ": " + f.message;
  attach_lines(&semantic, *text);
  result.findings.insert(result.findings.end(), semantic.begin(), semantic.end());
  result.plan = std::move(parsed.plan);
  return result;
}

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

bool fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Writes all of `text` to a new file and fsyncs it.
std::optional<std::string> write_and_sync(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot create " + path + " (" + errno_text() + ")";
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      return "cannot write " + path + " (" + why + ")";
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string why = errno_text();
    ::close(fd);
    return "cannot flush " + path + " to disk (" + why + ")";
  }
  if (::close(fd) != 0) return "cannot close " + path + " (" + errno_text() + ")";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& text) {
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string tmp =
      (folder / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  if (auto err = write_and_sync(tmp, text)) {
    ::unlink(tmp.c_str());
    // Name the file the user asked for first; the temporary file's name only explains.
    return "cannot save " + path + ": " + *err +
           "; the existing file was not changed. Check that the folder exists and is "
           "writable, and that the disk is not full";
  }

  std::error_code ec;
  if (fs::exists(target, ec)) {
    // Keep the previous version: hard-link it to a temporary name, then rename over ".bak" so
    // that a crash leaves either the old or the new .bak, never a partial one.
    const std::string bak = path + ".bak";
    const std::string bak_tmp = tmp + ".bak";
    ::unlink(bak_tmp.c_str());
    bool kept = ::link(path.c_str(), bak_tmp.c_str()) == 0;
    if (!kept) {  // file systems without hard links: copy instead
      fs::copy_file(target, bak_tmp, fs::copy_options::overwrite_existing, ec);
      kept = !ec && fsync_path(bak_tmp, O_RDONLY);
    }
    if (kept) ::rename(bak_tmp.c_str(), bak.c_str());
    ::unlink(bak_tmp.c_str());
  }

  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(tmp.c_str());
    return "cannot replace " + path + " (" + why + "); the existing file was not changed";
  }
  fsync_path(folder.string(), O_RDONLY | O_DIRECTORY);  // make the rename itself durable
  return std::nullopt;
}

std::optional<std::string> save_plan_file(const Plan& plan, const std::string& path) {
  return write_file_atomically(path, plan_to_text(plan));
}

}  // namespace toxplan::plan
