#!/usr/bin/env bash
# Regenerates resources/prices/catalog.json (with the package's LICENSE) and
# tests/unit/data/price-vectors.json from the pinned release of
# @pydantic/genai-prices (MIT). The outputs are committed, so building and
# testing Gatehouse never needs npm; only updating the prices does. To move
# to a newer release, change VERSION, run this, read the diff of
# catalog.json and run the PriceCatalog tests (docs/pricing.md).
set -euo pipefail

VERSION=0.1.8
PACKAGE=@pydantic/genai-prices

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm pack fetches the published tarball only: no install, no dependencies,
# no install scripts run.
(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"

node "$root/tools/prices/convert.mjs" "$work/package" "$VERSION" "$root"
