#!/bin/sh
# Out-of-tree plugin build, as a plugin author does it: install the SDK
# package, copy plugins/template somewhere else, build it against the
# installed package only, then load the result in the plugin host.
#
# usage: check-template.sh <cmake> <generator> <gatehouse build dir>
#                          <template dir> <work dir> <load-check binary>
set -eu
cmake=$1 generator=$2 build=$3 template=$4 work=$5 check=$6

rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --component plugin_sdk --prefix "$work/prefix"
test -f "$work/prefix/include/gatehouse/plugin.h"
test -f "$work/prefix/lib/cmake/Gatehouse/GatehouseConfig.cmake"
test -f "$work/prefix/lib/cmake/Gatehouse/GatehouseConfigVersion.cmake"
test -f "$work/prefix/lib/cmake/Gatehouse/GatehousePlugin.cmake"

# A copy, so nothing can reach back into the Gatehouse tree.
cp -r "$template" "$work/my-plugin"
"$cmake" -S "$work/my-plugin" -B "$work/my-plugin/build" -G "$generator" \
    -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror"
"$cmake" --build "$work/my-plugin/build"

"$check" "$work/my-plugin/build/my-plugin.so"
