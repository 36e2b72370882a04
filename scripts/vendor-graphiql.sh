#!/usr/bin/env bash
# Re-create api/static/graphiql/ from the npm registry: the pinned packages are fetched with
# `npm pack` (nothing is installed, no package script runs), their UMD builds and licence files
# copied under versioned names, and each build checked against the sha384 that Strawberry's own
# GraphiQL page pins for the same file (strawberry/static/graphiql.html, `integrity=`), so the
# copy is byte for byte what Strawberry loads from its CDN. To upgrade, change the versions and
# the hashes together, run this, and update api/static/graphiql/README.md and api/graphiql.py.
set -euo pipefail

GRAPHIQL=3.8.3
REACT=18.2.0
EXPLORER=1.0.2
EXPLORER_CORE=0.9.0 # graphiql-explorer: bundled into the explorer plugin's UMD build

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/api/static/graphiql"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" \
  "@graphiql/plugin-explorer@$EXPLORER" "graphiql-explorer@$EXPLORER_CORE" >/dev/null
for tarball in *.tgz; do
  mkdir "${tarball%.tgz}"
  tar -xzf "$tarball" -C "${tarball%.tgz}"
done

mkdir -p "$out"
copy() { cp "$work/$1" "$out/$2"; }
copy "graphiql-$GRAPHIQL/package/graphiql.min.js" "graphiql-$GRAPHIQL.min.js"
copy "graphiql-$GRAPHIQL/package/graphiql.min.css" "graphiql-$GRAPHIQL.min.css"
copy "graphiql-$GRAPHIQL/package/LICENSE" "graphiql-$GRAPHIQL.LICENSE"
copy "react-$REACT/package/umd/react.production.min.js" "react-$REACT.production.min.js"
copy "react-$REACT/package/LICENSE" "react-$REACT.LICENSE"
copy "react-dom-$REACT/package/umd/react-dom.production.min.js" "react-dom-$REACT.production.min.js"
copy "react-dom-$REACT/package/LICENSE" "react-dom-$REACT.LICENSE"
copy "graphiql-plugin-explorer-$EXPLORER/package/dist/index.umd.js" "graphiql-plugin-explorer-$EXPLORER.umd.js"
copy "graphiql-plugin-explorer-$EXPLORER/package/dist/style.css" "graphiql-plugin-explorer-$EXPLORER.css"
# The plugin's package ships no licence file: its package.json declares MIT.
copy "graphiql-plugin-explorer-$EXPLORER/package/package.json" "graphiql-plugin-explorer-$EXPLORER.package.json"
copy "graphiql-explorer-$EXPLORER_CORE/package/LICENSE" "graphiql-explorer-$EXPLORER_CORE.LICENSE"

# The integrity hashes of Strawberry's GraphiQL page (strawberry-graphql 0.341) for these files.
check() {
  local got
  got="sha384-$(openssl dgst -sha384 -binary "$out/$1" | base64 -w0)"
  if [ "$got" != "$2" ]; then
    echo "$1: $got is not the pinned $2" >&2
    exit 1
  fi
}
check "react-$REACT.production.min.js" sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8
check "react-dom-$REACT.production.min.js" sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh
check "graphiql-$GRAPHIQL.min.js" sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie
check "graphiql-$GRAPHIQL.min.css" sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM
check "graphiql-plugin-explorer-$EXPLORER.umd.js" sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9
check "graphiql-plugin-explorer-$EXPLORER.css" sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi
echo "api/static/graphiql: graphiql $GRAPHIQL, react $REACT, @graphiql/plugin-explorer $EXPLORER (hashes match)"
