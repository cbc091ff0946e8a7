#!/bin/sh
# Renders resources/icons/gatehouse.svg to the hicolor PNG sizes the package
# installs. The PNGs are committed; run this after editing the SVG.
# Needs rsvg-convert (librsvg2-bin, installed by packaging/install-deps.sh).
set -eu
cd "$(dirname "$0")/../resources/icons"
for size in 16 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" gatehouse.svg -o "gatehouse-$size.png"
done
