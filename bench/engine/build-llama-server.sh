#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the llama.cpp sources shipped in node-llama-cpp@3.22.1 (llama.cpp
# release v0.5.0, the release Hearth's prebuilt libraries come from), linked against those PREBUILT
# libraries (libllama.v0.5.0.so, libggml.v0.5.0.so, libggml-base.so, libggml-cpu-<uarch>.so) so that
# llama-server and Hearth run identical kernels. Only the server side is compiled (vendor, common, mtmd,
# the server); llama.cpp's src/ and ggml/ are not built at all: bench/engine/llama-server/CMakeLists.txt
# declares libllama and libggml as imported prebuilt libraries.
#
# usage: bench/engine/build-llama-server.sh [PREBUILT_LIB_DIR]
#   PREBUILT_LIB_DIR  the prebuilt libraries (default: fetched with bin/fetch-llama.sh into the cache)
# Installs into ${HEARTH_CACHE_DIR:-~/.cache/hearth}/bench/llama-server-v0.5.0/bin: llama-server, the
# libraries built for it and copies of the prebuilt libraries (RUNPATH $ORIGIN, and ggml's backend loader
# picks the CPU variant from the executable's directory). Cached: a re-run with the same sources, wrapper
# and prebuilt libraries does nothing. Prints the path of llama-server as the last line on stdout;
# progress goes to stderr. BUILD_JOBS sets the parallel compile jobs (default: nproc).
set -euo pipefail

PACKAGE="node-llama-cpp@3.22.1"
# npm view node-llama-cpp@3.22.1 dist.integrity
INTEGRITY="sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=="
TARBALL="node-llama-cpp-3.22.1.tgz"
LLAMA_TAG="v0.5.0"
# git bundle list-heads package/llama/gitRelease.bundle
LLAMA_COMMIT="de3ff815ea7d559ee917f063901b8986f038abc6"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${HEARTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hearth}"
dest="$cache/bench/llama-server-$LLAMA_TAG"
log() { echo "build-llama-server: $*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in cmake make gcc g++ git openssl sha256sum ldd readelf; do
  command -v "$tool" >/dev/null || die "$tool is needed"
done

# --- the prebuilt libraries ---------------------------------------------------------------------------
libs="${1:-}"
if [ -z "$libs" ]; then
  libs="$cache/bench/native"
  log "prebuilt libraries: $libs (bin/fetch-llama.sh)"
  "$root/bin/fetch-llama.sh" "$libs"
fi
[ -d "$libs" ] || die "prebuilt library directory $libs does not exist"
libs="$(cd "$libs" && pwd)"
for f in libllama.v0.5.0.so libggml.v0.5.0.so libggml-base.so; do
  [ -f "$libs/$f" ] || die "$libs has no $f"
done
prebuilt=()
for f in "$libs"/libllama.v0.5.0.so "$libs"/libggml*.so; do prebuilt+=("$(basename "$f")"); done
ls "$libs"/libggml-cpu-*.so >/dev/null 2>&1 || die "$libs has no libggml-cpu-*.so backend"

key="$( { echo "$INTEGRITY $LLAMA_COMMIT"; sha256sum "$here/llama-server/CMakeLists.txt" "$here/build-llama-server.sh" | cut -d' ' -f1
          (cd "$libs" && sha256sum "${prebuilt[@]}"); } | sha256sum | cut -d' ' -f1)"
if [ -x "$dest/bin/llama-server" ] && [ "$(cat "$dest/.stamp" 2>/dev/null)" = "$key" ]; then
  log "up to date: $dest/bin/llama-server"
  echo "$dest/bin/llama-server"
  exit 0
fi

# --- sources: npm tarball (integrity-checked) -> gitRelease.bundle -> git clone ------------------------
mkdir -p "$cache/npm" "$dest"
actual() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$cache/npm/$TARBALL" ] || [ "$(actual "$cache/npm/$TARBALL")" != "$INTEGRITY" ]; then
  command -v npm >/dev/null || die "npm is needed to fetch $PACKAGE (apt install npm)"
  log "fetching $PACKAGE (npm pack)"
  (cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
  got="$(actual "$tmp/$TARBALL")"
  [ "$got" = "$INTEGRITY" ] || die "integrity mismatch for $PACKAGE: expected $INTEGRITY, got $got"
  mv "$tmp/$TARBALL" "$cache/npm/$TARBALL"
fi
log "$PACKAGE integrity ok"

src="$dest/src"
if [ ! -d "$src/.git" ] || [ "$(git -C "$src" rev-parse HEAD 2>/dev/null)" != "$LLAMA_COMMIT" ] \
   || [ -n "$(git -C "$src" status --porcelain 2>/dev/null)" ]; then
  log "extracting package/llama/gitRelease.bundle"
  tar -xzf "$cache/npm/$TARBALL" -C "$tmp" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  grep -q "\"tag\": *\"$LLAMA_TAG\"" "$tmp/package/llama/llama.cpp.info.json" \
    || die "$PACKAGE does not bundle llama.cpp $LLAMA_TAG: $(cat "$tmp/package/llama/llama.cpp.info.json")"
  log "cloning llama.cpp $LLAMA_TAG from the bundle into $src"
  rm -rf "$src" "$src.tmp"
  git -c advice.detachedHead=false clone --quiet "$tmp/package/llama/gitRelease.bundle" "$src.tmp"
  head="$(git -C "$src.tmp" rev-parse HEAD)"
  [ "$head" = "$LLAMA_COMMIT" ] || die "bundle HEAD is $head, expected $LLAMA_COMMIT"
  mv "$src.tmp" "$src"
fi
log "llama.cpp sources at $src (commit ${LLAMA_COMMIT:0:12})"

# --- configure and build llama-server only ------------------------------------------------------------
build="$dest/build"
jobs="${BUILD_JOBS:-$(nproc)}"
log "configuring (BUILD_SHARED_LIBS=ON, libllama/libggml imported from $libs)"
cmake -S "$here/llama-server" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
  -DLLAMA_CPP_DIR="$src" -DPREBUILT_LIB_DIR="$libs" \
  -DLLAMA_BUILD_COMMIT="${LLAMA_COMMIT:0:7}" -DLLAMA_BUILD_NUMBER=0 2>&1 | sed -u 's/^/  /' >&2
log "building llama-server with $jobs job(s); the first build takes several minutes (no web UI: the UI warning is expected)"
nice -n 5 cmake --build "$build" --target llama-server -j "$jobs" 2>&1 | sed -u 's/^/  /' >&2

# Nothing of llama.cpp's own libllama/libggml may have been compiled.
stray="$(find "$build" \( -name 'libllama.so*' -o -name 'libllama.v*' -o -name 'libggml*' \) -print)"
[ -z "$stray" ] || die "the build produced llama.cpp libraries of its own: $stray"

# --- install: the server, the libraries built for it, copies of the prebuilt libraries ------------------
bin="$dest/bin"
rm -rf "$bin.tmp"
mkdir -p "$bin.tmp"
cp "$build/bin/llama-server" "$bin.tmp/"
for f in "$build"/bin/*.so*; do cp -P "$f" "$bin.tmp/"; done
for f in "${prebuilt[@]}"; do cp "$libs/$f" "$bin.tmp/$f"; done
rm -rf "$bin"
mv "$bin.tmp" "$bin"

# --- verify the linkage ----------------------------------------------------------------------------------
runpath="$(readelf -d "$bin/llama-server" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')"
[ "$runpath" = '$ORIGIN' ] || die "llama-server RUNPATH is '$runpath', expected \$ORIGIN"
ldd_out="$(ldd "$bin/llama-server")"
echo "$ldd_out" | grep -q "not found" && die "unresolved libraries: $(echo "$ldd_out" | grep 'not found')"
for f in libllama.v0.5.0.so libggml.v0.5.0.so libggml-base.so; do
  resolved="$(echo "$ldd_out" | awk -v f="$f" '$1 == f && $2 == "=>" { print $3 }')"
  [ -n "$resolved" ] && [ "$(realpath "$resolved")" = "$(realpath "$bin/$f")" ] \
    || die "llama-server does not load $f from $bin:
$ldd_out"
done
for f in "${prebuilt[@]}"; do
  cmp -s "$libs/$f" "$bin/$f" || die "$bin/$f differs from the prebuilt $libs/$f"
done
log "linkage (ldd $bin/llama-server):"
echo "$ldd_out" | grep -E 'llama|ggml|mtmd' | sed 's/^[[:space:]]*/  /' >&2
log "prebuilt copies identical to $libs: ${prebuilt[*]}"
"$bin/llama-server" --version 2>&1 | sed -u 's/^/  /' >&2 || die "llama-server --version failed"

echo "$key" > "$dest/.stamp"
log "done: $bin/llama-server"
echo "$bin/llama-server"
