#!/usr/bin/env bash
# Installs the Debian 12 packages Toxplan needs, only those that are missing.
# Runs apt-get as root, or through sudo when the caller is not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libvtk9-dev            # rendering, mesh and image data structures, spatial locators
  libimgui-dev libstb-dev  # Dear ImGui 1.86 panels (with GLFW/OpenGL3 backends)
  libglfw3-dev           # the window and input
  libassimp-dev          # reading meshes in every common format (OBJ, STL, PLY, glTF, ...)
  nlohmann-json3-dev     # plan, atlas, protocol and demo files
  libcli11-dev           # command-line parsing for `toxplan <command>`
  libgtest-dev libgmock-dev  # tests
  libbenchmark-dev       # speed measurements
  xvfb xauth             # a virtual display for rendering tests and headless screenshots
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
