#!/usr/bin/env bash
# Installs what Lockstep needs on Debian 12 (Debian packages only), then configures and builds
# it in build/ (Ninja, Release). Safe to run again: when every package is already installed it
# does not touch apt at all, so a repeated run is quick and works offline.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Build tools and libraries for the engine, the CLI and the tests, plus what the desktop app and
# its QML tests load at run time (Qt Quick modules, OpenGL headers, YAML for the lesson files,
# and Xvfb for checking the real window headless).
packages=(
    cmake ninja-build g++
    libboost-fiber-dev libboost-context-dev
    qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
    qml6-module-qttest qml6-module-qtquick-dialogs qml6-module-qtcore qml6-module-qt-labs-settings
    qml6-module-qt-labs-folderlistmodel
    libgl-dev libyaml-cpp-dev
    xvfb xauth
    clang-16 libclang-rt-16-dev
)

command -v dpkg-query >/dev/null 2>&1 \
    || die "dpkg-query not found: this script sets up Debian 12; elsewhere install the packages listed in it by hand"

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [[ $status == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    say "all ${#packages[@]} Debian packages are installed"
else
    say "installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
    if ((EUID == 0)); then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        # Without a terminal sudo cannot ask for a password: fail at once instead of hanging.
        if [[ -t 0 ]]; then as_root=(sudo); else as_root=(sudo -n); fi
    else
        die "not root and sudo is not installed: run this script as root, or install: ${missing[*]}"
    fi
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update \
        || die "apt-get update failed (no network or no root rights?)"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
fi

say "configuring build/ (Ninja, Release)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null \
    || die "cmake configure failed (if build/ was made with another generator, remove it and run again)"

say "building"
cmake --build build
say "built in $(pwd)/build"
