#!/bin/sh
# Out-of-tree plugin build, as a plugin author does it: take the installed
# SDK, copy the template plugin somewhere else, build it against the SDK
# only, then load the result in the plugin host.
#
# usage: check-template.sh <cmake> <generator> <sdk> <template dir> <work dir>
#                          <load-check binary>
#   <sdk>: a Gatehouse build dir (its plugin_sdk component is installed into
#          <work dir>/prefix first), or an installed prefix such as /usr or
#          the usr/ of an unpacked package.
set -eu
cmake=$1 generator=$2 sdk=$3 template=$4 work=$5 check=$6

rm -rf "$work"
mkdir -p "$work"
if [ -f "$sdk/CMakeCache.txt" ]; then
    "$cmake" --install "$sdk" --component plugin_sdk --prefix "$work/prefix"
    prefix=$work/prefix
else
    prefix=$sdk
fi
test -f "$prefix/include/gatehouse/plugin.h"
config=$(find "$prefix/lib" -path '*/cmake/Gatehouse/GatehouseConfig.cmake' | head -n 1)
test -n "$config"
for f in GatehouseConfigVersion.cmake GatehousePlugin.cmake GatehouseTargets.cmake; do
    test -f "$(dirname "$config")/$f"
done

# A copy, so nothing can reach back into the Gatehouse tree.
cp -r "$template" "$work/my-plugin"
"$cmake" -S "$work/my-plugin" -B "$work/my-plugin/build" -G "$generator" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror"
"$cmake" --build "$work/my-plugin/build"

"$check" "$work/my-plugin/build/my-plugin.so"
