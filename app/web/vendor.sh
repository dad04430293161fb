#!/usr/bin/env bash
# Re-fetch the two files vendored from npm releases (no PyPI package ships them) by their pinned
# versions and check them against the recorded SHA-256; --write replaces the copies in the tree.
#   data/countries-110m.json        world-atlas 2.0.2 (Natural Earth 1:110m countries, public
#                                   domain data; packaging ISC, see data/world-atlas.LICENSE)
#   static/vendor/topojson-client.min.js   topojson-client 3.1.0 (ISC, see its .LICENSE)
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fetch() {  # package version file-in-package destination sha256
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar xzf "$1-$2.tgz" -C "$1")
  got="$(sha256sum "$tmp/$1/package/$3" | cut -d' ' -f1)"
  if [ "$got" != "$5" ]; then
    echo "$1@$2 $3: sha256 $got, expected $5" >&2
    exit 1
  fi
  if [ "${WRITE:-}" = 1 ]; then cp "$tmp/$1/package/$3" "$4"; fi
  cmp -s "$tmp/$1/package/$3" "$4" && echo "ok  $4 = $1@$2 $3" || echo "DIFFERS  $4 (run with --write)"
}
[ "${1:-}" = "--write" ] && WRITE=1
fetch world-atlas 2.0.2 countries-110m.json data/countries-110m.json \
  2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8
fetch topojson-client 3.1.0 dist/topojson-client.min.js static/vendor/topojson-client.min.js \
  25cd02ae486cc5063e0215a4e4cfb15de83700c87ac48bac4d57dc6aaf3ebb89
