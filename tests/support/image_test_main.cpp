// toxplan_image_test: runs one command that draws a picture and describes it (`toxplan render
// ... --out {png} --about {about}`, the window's `--screenshot {png} --about {about}`), then
// checks the picture with the shared checker (support/image_check.h). Registered by
// toxplan_add_image_test (cmake/ToxplanImageTests.cmake), one CTest test per picture.
//
//   toxplan_image_test --name NAME [--cd DIR] [--baseline NAME] [--sites N] [--visible N]
//                      [--spread N] -- PROGRAM ARGS...   ({png}, {about} and {dir} are replaced)
//
// The command runs in DIR (the source folder: plan paths are short and the window's status line,
// which shows the plan's path, is the same in every checkout); the picture and its description
// are written to test-output/NAME/ under the folder the test runs in.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "render/image_about.h"
#include "support/image_check.h"

namespace {

std::string replaced(std::string text, const std::string& key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

std::string shell_quoted(const std::string& arg) {
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int usage(const std::string& why) {
  std::cerr << "toxplan_image_test: " << why
            << "\nusage: toxplan_image_test --name NAME [--cd DIR] [--baseline NAME] [--sites N] "
               "[--visible N] [--spread N] -- PROGRAM ARGS...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string name;
  std::string cd;
  toxplan::test::ImageExpectation expected;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    }
    if (i + 1 >= argc) return usage(arg + " needs a value");
    const std::string value = argv[++i];
    try {
      if (arg == "--name") {
        name = value;
      } else if (arg == "--cd") {
        cd = value;
      } else if (arg == "--baseline") {
        expected.baseline = value;
      } else if (arg == "--sites") {
        expected.sites = std::stoi(value);
      } else if (arg == "--visible") {
        expected.visible_sites = std::stoi(value);
      } else if (arg == "--spread") {
        expected.sites_with_spread = std::stoi(value);
      } else {
        return usage("unknown option " + arg);
      }
    } catch (const std::exception&) {
      return usage(arg + " needs a number, got \"" + value + "\"");
    }
  }
  if (name.empty() || command.empty()) return usage("--name and a command are required");

  const std::filesystem::path dir = std::filesystem::current_path() / "test-output" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string png = (dir / (name + ".png")).string();
  const std::string about_path = (dir / (name + ".about.json")).string();
  std::string line = cd.empty() ? "" : "cd " + shell_quoted(cd) + " &&";
  for (const std::string& arg : command) {
    const std::string a =
        replaced(replaced(replaced(arg, "{png}", png), "{about}", about_path), "{dir}", dir);
    line += (line.empty() ? "" : " ") + shell_quoted(a);
  }
  std::cout << "running " << line << "\n" << std::flush;
  const int status = std::system(line.c_str());
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code != 0) {
    std::cerr << name << ": the command exited with " << code << "\n";
    return 1;
  }
  std::string error;
  const auto about = toxplan::render::read_image_about(about_path, &error);
  if (!about) {
    std::cerr << name << ": " << error << "\n";
    return 1;
  }
  std::string summary;
  const auto problems = toxplan::test::image_problems(png, *about, expected, &summary);
  std::cout << summary << "\n";
  for (const std::string& p : problems)
    std::cerr << name << ": " << p << "\n";
  if (!problems.empty()) {
    std::cerr << name << ": FAILED (" << problems.size() << " problem(s)); the picture is " << png
              << "\n";
    return 1;
  }
  std::cout << name << ": the picture shows what the plan says and matches its baseline\n";
  return 0;
}
