#!/usr/bin/env bash
# Re-create api/static/chartjs/ from the npm registry: the pinned packages are fetched with
# `npm pack` (nothing is installed, no package script runs), each tarball checked against the
# sha512 the registry published for it (`npm view PACKAGE@VERSION dist.integrity`, pinned below),
# and Chart.js's UMD build and the licence files copied under versioned names; the copied build is
# then checked against its pinned sha256 (the one api/static/chartjs/README.md gives). To upgrade,
# change the version and the hashes together, run this, and update the README and the file name
# in api/review/workforce.py.
set -euo pipefail

CHARTJS=4.5.1
CHARTJS_TGZ=sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw==
CHARTJS_UMD_SHA256=48444a82d4edcb5bec0f1965faacdde18d9c17db3063d042abada2f705c9f54a
COLOR=0.3.2 # @kurkle/color: Chart.js's one dependency, bundled into its UMD build
COLOR_TGZ=sha512-fuscdXJ9G1qb7W8VdHi+IwRqij3lBkosAm4ydQtEmbY58OzHXqQhvlxqEkoz0yssNVn38bcpRWgA9PP+OGoisw==

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/api/static/chartjs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

npm pack --silent "chart.js@$CHARTJS" "@kurkle/color@$COLOR" >/dev/null
check_tarball() {
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  if [ "$got" != "$2" ]; then
    echo "$1: $got is not the pinned $2" >&2
    exit 1
  fi
}
check_tarball "chart.js-$CHARTJS.tgz" "$CHARTJS_TGZ"
check_tarball "kurkle-color-$COLOR.tgz" "$COLOR_TGZ"
for tarball in *.tgz; do
  mkdir "${tarball%.tgz}"
  tar -xzf "$tarball" -C "${tarball%.tgz}"
done

mkdir -p "$out"
cp "chart.js-$CHARTJS/package/dist/chart.umd.min.js" "$out/chart-$CHARTJS.umd.min.js"
cp "chart.js-$CHARTJS/package/LICENSE.md" "$out/chart-$CHARTJS.LICENSE"
cp "kurkle-color-$COLOR/package/LICENSE.md" "$out/kurkle-color-$COLOR.LICENSE"

got="$(sha256sum "$out/chart-$CHARTJS.umd.min.js" | cut -d' ' -f1)"
if [ "$got" != "$CHARTJS_UMD_SHA256" ]; then
  echo "chart-$CHARTJS.umd.min.js: sha256 $got is not the pinned $CHARTJS_UMD_SHA256" >&2
  exit 1
fi
echo "api/static/chartjs: chart.js $CHARTJS (with @kurkle/color $COLOR), hashes match"
