#!/usr/bin/env bash
# Vendor the front-end libraries into static/vendor/ from the npm registry.
# Pages load these files from our own origin; nothing is fetched from a CDN at run time.
# Re-run after changing a version below, then commit static/vendor/.
set -euo pipefail

BOOTSTRAP=5.3.9
HTMX=2.0.11
CHARTJS=4.6.1
# Accessibility checks in the browser tests only (tests/e2e/axe.py); no page loads it.
AXE=4.14.1
# The check-in scanner's QR decoder where the browser has no BarcodeDetector (issue #17).
JSQR=1.4.0

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION -> unpacks into $work/NAME
  (cd "$work" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" \
    && tar -xzf "$1"-"$2".tgz -C "$1" --strip-components=1)
}

fetch bootstrap "$BOOTSTRAP"
fetch htmx.org "$HTMX"
fetch chart.js "$CHARTJS"
fetch axe-core "$AXE"
fetch jsqr "$JSQR"

rm -rf "$dest" && mkdir -p "$dest"/{bootstrap,htmx,chartjs,axe,jsqr}
cp "$work/bootstrap/dist/css/bootstrap.min.css" "$work/bootstrap/dist/css/bootstrap.min.css.map" "$dest/bootstrap/"
cp "$work/bootstrap/dist/js/bootstrap.bundle.min.js" "$work/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$dest/bootstrap/"
cp "$work/bootstrap/LICENSE" "$dest/bootstrap/LICENSE"
cp "$work/htmx.org/dist/htmx.min.js" "$dest/htmx/"
cp "$work/htmx.org/LICENSE" "$dest/htmx/LICENSE"
cp "$work/chart.js/dist/chart.umd.min.js" "$work/chart.js/dist/chart.umd.min.js.map" "$dest/chartjs/"
cp "$work/chart.js/LICENSE.md" "$dest/chartjs/LICENSE.md"
cp "$work/axe-core/axe.min.js" "$work/axe-core/LICENSE" "$dest/axe/"
cp "$work/jsqr/dist/jsQR.js" "$work/jsqr/LICENSE" "$dest/jsqr/"
cat > "$dest/VERSIONS" <<VERSIONS
bootstrap $BOOTSTRAP
htmx.org $HTMX
chart.js $CHARTJS
axe-core $AXE
jsqr $JSQR
VERSIONS
echo "vendored into $dest:"; cat "$dest/VERSIONS"
