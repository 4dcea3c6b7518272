#!/usr/bin/env bash
# Fetches the prebuilt llama.cpp libraries (npm package @node-llama-cpp/linux-x64, llama.cpp release v0.5.0),
# checks the tarball against the integrity pinned below and extracts the shared libraries into $1.
# The build runs this; the libraries never enter git.
set -euo pipefail

PACKAGE="@node-llama-cpp/linux-x64@3.22.1"
INTEGRITY="sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg=="
TARBALL="node-llama-cpp-linux-x64-3.22.1.tgz"

out="${1:?usage: fetch-llama.sh OUTPUT_DIR}"
stamp="$out/.integrity"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$INTEGRITY" ] && [ -f "$out/libllama.v0.5.0.so" ]; then
  exit 0
fi

cache="${HEARTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hearth}/npm"
mkdir -p "$cache"
actual() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

if [ ! -f "$cache/$TARBALL" ] || [ "$(actual "$cache/$TARBALL")" != "$INTEGRITY" ]; then
  command -v npm >/dev/null || { echo "fetch-llama: npm is needed to fetch $PACKAGE (apt install npm)" >&2; exit 1; }
  echo "fetch-llama: fetching $PACKAGE" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
  got="$(actual "$tmp/$TARBALL")"
  if [ "$got" != "$INTEGRITY" ]; then
    echo "fetch-llama: integrity mismatch for $PACKAGE: expected $INTEGRITY, got $got" >&2
    exit 1
  fi
  mv "$tmp/$TARBALL" "$cache/$TARBALL"
fi

rm -rf "$out"
mkdir -p "$out"
tar -xzf "$cache/$TARBALL" -C "$out" --strip-components=3 \
  --wildcards 'package/bins/linux-x64/libllama.v0.5.0.so' 'package/bins/linux-x64/libggml*.so'
echo "$INTEGRITY" > "$stamp"
