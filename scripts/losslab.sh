#!/usr/bin/env bash
# LossLab set-up in one command, for a fresh Debian 12 (or Ubuntu 24.04) machine.
#   scripts/losslab.sh run    install what is missing, build, start the app
#   scripts/losslab.sh test   install what is missing, build, run every test
# Environment: BUILD_DIR (default build), LOSSLAB_JOBS (default: all cores),
# LOSSLAB_TARGETS (build only these targets; default all).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-}
case "$mode" in
  run|test|build) shift ;;
  *) echo "usage: scripts/losslab.sh run|test|build [extra cmake -D options]" >&2; exit 2 ;;
esac

# Debian package names. qt6-l10n-tools holds lupdate/lrelease and is not
# pulled in by qt6-tools-dev; Qt Charts needs Qt OpenGL's dev package, which
# only a recommends-install brings; fonts-noto-cjk draws the Chinese interface.
packages=(cmake ninja-build g++ ccache pkg-config
          libeigen3-dev libtbb-dev nlohmann-json3-dev libcli11-dev libcsv-dev libicu-dev libarchive-dev
          libgtest-dev libbenchmark-dev
          qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools
          libqt6opengl6-dev libxkbcommon-dev libvulkan-dev libgl-dev fonts-noto-cjk qt6-translations-l10n)
[ "$mode" = run ] && packages+=(xvfb xauth)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "LossLab: installing missing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build=${BUILD_DIR:-$here/build}
jobs=${LOSSLAB_JOBS:-$(nproc)}
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DLOSSLAB_ASSERTIONS=ON "$@"
elif [ $# -gt 0 ]; then
  cmake "$build" "$@"
fi
targets=()
for t in ${LOSSLAB_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build" --parallel "$jobs" "${targets[@]}"

case "$mode" in
  run)
    app="$build/app/gui/losslab"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "LossLab: no display found; starting under Xvfb"
      exec xvfb-run -a -s '-screen 0 1920x1080x24' "$app"
    fi
    exec "$app"
    ;;
  test)
    cd "$build"
    exec ctest --output-on-failure --parallel "$jobs" --timeout 300
    ;;
esac
