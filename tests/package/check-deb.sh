#!/usr/bin/env bash
# The package as a user gets it: build the .deb and .tar.gz with cpack from a
# Release build, check them (lintian, desktop-file-validate, appstreamcli),
# unpack the .deb with `dpkg -x`, run the unpacked gatehouse headless on a
# first run (fresh HOME), send a chat request to mock/echo through the
# bundled hello-world plugin, and build the template plugin against the
# unpacked SDK. Also checks that `cmake --install` and the tarball give the
# .deb's layout.
#
# usage: tests/package/check-deb.sh <build dir> [work dir]
#   The build dir must be built (gatehouse, the bundled plugins and
#   gatehouse_plugin_load_check). Needs packaging/install-deps.sh's tools.
#   CMAKE, CPACK and GENERATOR override the cmake, cpack and generator used.
set -euo pipefail
cmake=${CMAKE:-cmake}
cpack=${CPACK:-cpack}
generator=${GENERATOR:-Ninja}

build=$(realpath "$1")
work=${2:-$build/package-check}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "cpack"
(cd "$work" && "$cpack" --config "$build/CPackConfig.cmake" -B "$work/out" >cpack.log 2>&1) ||
    { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/gatehouse_*_amd64.deb)
tgz=$(ls "$work"/out/gatehouse-*-Linux.tar.gz)
version=$(dpkg-deb -f "$deb" Version)
echo "$(basename "$deb") ($(du -h "$deb" | cut -f1)), $(basename "$tgz")"
dpkg-deb -f "$deb" Package Version Architecture Section Depends Recommends

step "lintian"
# Every tag shown (no display limit); errors fail the check.
lintian --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1 || true
cat "$work/lintian.txt"
if grep -q '^E: ' "$work/lintian.txt"; then fail "lintian reports errors"; fi

step "unpack (dpkg -x)"
root=$work/root
dpkg -x "$deb" "$root"
usr=$root/usr
for f in bin/gatehouse \
         lib/gatehouse/plugins/hello-world.so lib/gatehouse/plugins/cache.so \
         lib/gatehouse/plugins/governance.so lib/gatehouse/plugins/mocker.so \
         lib/gatehouse/plugins/header-policy.so lib/systemd/user/gatehouse.service \
         include/gatehouse/plugin.h lib/cmake/Gatehouse/GatehouseConfig.cmake \
         share/gatehouse/default-config.json share/gatehouse/plugin-template/CMakeLists.txt \
         share/icons/hicolor/scalable/apps/org.gatehouse.Gatehouse.svg \
         share/doc/gatehouse/copyright share/doc/gatehouse/changelog.gz share/man/man1/gatehouse.1.gz; do
    test -e "$usr/$f" || fail "the package has no /usr/$f"
done
for size in 16 32 48 64 128 256; do
    test -f "$usr/share/icons/hicolor/${size}x${size}/apps/org.gatehouse.Gatehouse.png" ||
        fail "no ${size}x${size} icon"
done
echo "layout ok"

step "desktop-file-validate, appstreamcli validate"
desktop-file-validate "$usr/share/applications/org.gatehouse.Gatehouse.desktop"
appstreamcli validate --no-net --pedantic "$usr/share/metainfo/org.gatehouse.Gatehouse.metainfo.xml"

step "same layout from cmake --install and the tarball"
"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null
mkdir -p "$work/tgz"
tar -xzf "$tgz" -C "$work/tgz"
(cd "$usr" && find . -type f | sort) >"$work/deb.files"
(cd "$work/prefix" && find . -type f | sort) >"$work/install.files"
(cd "$work/tgz"/gatehouse-*-Linux && find . -type f | sort) >"$work/tgz.files"
diff -u "$work/deb.files" "$work/install.files" || fail "cmake --install differs from the .deb"
diff -u "$work/deb.files" "$work/tgz.files" || fail "the tarball differs from the .deb"
echo "$(wc -l <"$work/deb.files") files, the same in all three"

step "first run of the unpacked gatehouse"
home=$work/home
mkdir -p "$home"
run_env=(env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME
         -u XDG_RUNTIME_DIR HOME="$home" QT_QPA_PLATFORM=offscreen)
"${run_env[@]}" "$usr/bin/gatehouse" --version | tee "$work/version.txt"
grep -qx "gatehouse $version" "$work/version.txt" || fail "--version is not the package's $version"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${run_env[@]}" "$usr/bin/gatehouse" --headless --port "$port" >"$work/gatehouse.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/health" >"$work/health.json" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || { cat "$work/gatehouse.log"; fail "gatehouse exited"; }
    sleep 0.1
done
cat "$work/health.json"; echo
config=$home/.config/gatehouse/config.json
test -f "$config" || fail "the first run wrote no $config"
[ "$(stat -c %a "$config")" = 600 ] || fail "$config is not owner-only"
curl -sf "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' \
    -d '{"model":"mock/echo","messages":[{"role":"user","content":"through the package"}]}' \
    >"$work/chat.json" || fail "the chat request failed"
curl -sf "http://127.0.0.1:$port/api/plugins/hello-world" >"$work/hello-world.json"
curl -sf "http://127.0.0.1:$port/api/plugins/hello-world/logs" >"$work/hello-world-logs.json"
python3 - "$work" "$version" "$usr" <<'PY'
import json, sys
work, version, usr = sys.argv[1:]
health = json.load(open(f"{work}/health.json"))
assert health["version"] == version, f"/health says {health['version']}, the package {version}"
chat = json.load(open(f"{work}/chat.json"))
text = chat["choices"][0]["message"]["content"]
assert "through the package" in text, text
plugin = json.load(open(f"{work}/hello-world.json"))
assert plugin["status"] == "active", plugin
assert plugin["path"] == f"{usr}/lib/gatehouse/plugins/hello-world.so", plugin["path"]
calls = {hook: s["calls"] for hook, s in plugin["stats"].items()}
assert calls.get("preHook", 0) >= 1 and calls.get("postHook", 0) >= 1, calls
logs = json.dumps(json.load(open(f"{work}/hello-world-logs.json")))
assert "PreHook called" in logs and "PostHook called" in logs, logs
print(f"mock/echo answered {text!r}; hello-world ran from {plugin['path']}: {calls}")
PY
kill $pid
wait $pid || true
trap - EXIT

step "the template plugin against the unpacked SDK"
"$source_dir/tests/package/check-template.sh" "$cmake" "$generator" "$usr" \
    "$usr/share/gatehouse/plugin-template" "$work/template" \
    "$build/tests/gatehouse_plugin_load_check" >"$work/template.log" 2>&1 ||
    { cat "$work/template.log"; fail "the template did not build or load"; }
tail -n 2 "$work/template.log"

printf '\ncheck-deb: all checks passed (%s)\n' "$(basename "$deb")"
