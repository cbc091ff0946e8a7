#!/usr/bin/env bash
# Installs, from Debian 12's archive, what building, running and testing
# Gatehouse needs. Installs only what is missing; safe to run again.
set -euo pipefail

packages=(
  # build
  cmake ninja-build ccache g++ pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev
  libhttp-parser-dev
  # stores: Qt's SQLite and PostgreSQL drivers; the headers of the libraries they use, which
  # the log writer calls directly (SQLite's C API, libpq's COPY); the PostgreSQL server for
  # the store tests
  libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev libpq-dev postgresql
  # the request log's bodies are zstd-compressed; jemalloc is the executable's allocator;
  # libcrypto signs Vertex AI service-account tokens
  libzstd-dev libjemalloc-dev libssl-dev
  # tests
  libgtest-dev libgmock-dev
  # runtime plugins Qt loads at run time (TLS to providers, the panel under X11/offscreen,
  # the panel's SVG icons)
  libqt6network6 qt6-qpa-plugins libqt6svg6
  # benchmark and test tooling
  wrk nginx-light curl xvfb xauth python3
  # the local-trust tests make a second user (useradd) and connect as it (setpriv)
  passwd util-linux
  # packaging: the .deb (cpack, dpkg-shlibdeps), its checks, the icon PNGs
  dpkg-dev fakeroot file lintian desktop-file-utils appstream librsvg2-bin help2man
  # fuzzing (tests/fuzz): clang and its libFuzzer runtime
  clang clang-14 libclang-rt-14-dev
)

# The SDK tests run the official OpenAI/Anthropic SDKs on Node.js; use the
# machine's Node.js when it has one, Debian's otherwise.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
