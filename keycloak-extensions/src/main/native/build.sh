#!/usr/bin/env bash
# Builds the native Argon2 library that NativeArgon2Engine loads, into $1 (Maven: target/classes/native/...).
#   Two variants from the same source: AVX2 (chosen when the CPU has it) and SSE2 (every x86-64 CPU).
#   Source: the Argon2 reference implementation (CC0 / Apache-2.0) as vendored by the argon2-cffi-bindings
#   release on PyPI, pinned by version and SHA-256, downloaded once into build/native/.
# Without threads (-DARGON2_NO_THREADS): Keycloak hashes with parallelism 1, each request on its own thread, and
# the library then needs nothing from libpthread (it loads into any glibc image).
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
cache="$here/../../../../build/native"
version=26.2.0
sha256=f21ab89bb9850f32b9ca038d9961424bb0d3669d579cbbbfed068cffa6fc0643
url=https://files.pythonhosted.org/packages/76/3b/f7bd1daac24c7017b6d09d05c56bb3f71aaae76b2ac4234ed2c00e0dd2d2/argon2_cffi_bindings-$version.tar.gz

if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "[native] not Linux x86-64: no native Argon2 (Keycloak's Java Argon2 is used)"; exit 0
fi
if ! command -v cc >/dev/null; then
  echo "[native] no C compiler (apt-get install gcc): no native Argon2 (Keycloak's Java Argon2 is used)"; exit 0
fi
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}

mkdir -p "$cache"
tarball="$cache/argon2_cffi_bindings-$version.tar.gz"
if ! echo "$sha256  $tarball" | sha256sum -c --status 2>/dev/null; then
  if ! curl -fsSL --retry 3 -o "$tarball.part" "$url"; then
    echo "[native] could not download $url: no native Argon2 (Keycloak's Java Argon2 is used)"; exit 0
  fi
  # A changed file is never compiled: the build stops.
  echo "$sha256  $tarball.part" | sha256sum -c --status || { echo "[native] checksum mismatch for $url"; exit 1; }
  mv "$tarball.part" "$tarball"
fi
src="$cache/argon2_cffi_bindings-$version/extras/libargon2"
[ -d "$src" ] || tar -xzf "$tarball" -C "$cache"

# Unchanged inputs: keep the libraries, so that Maven does not repackage the jar and `make run` need not run
# `kc.sh build` again (Keycloak compares the provider jar's modification time).
libs=("$out/libdocs_argon2_sse2.so" "$out/libdocs_argon2_avx2.so")
up_to_date() {
  for lib in "${libs[@]}"; do
    for input in "$0" "$here/docs_argon2_jni.c" "$tarball"; do [ "$lib" -nt "$input" ] || return 1; done
  done
}
if up_to_date; then echo "[native] up to date: $out"; exit 0; fi

mkdir -p "$out"
common=(-O3 -fPIC -shared -fvisibility=hidden -DARGON2_NO_THREADS -D_FORTIFY_SOURCE=2 -fstack-protector-strong
        -I"$src/include" -I"$src/src" -I"$java_home/include" -I"$java_home/include/linux"
        "$here/docs_argon2_jni.c" "$src/src/argon2.c" "$src/src/core.c" "$src/src/blake2/blake2b.c"
        "$src/src/encoding.c" "$src/src/opt.c" -Wl,-z,noexecstack)
cc -march=x86-64 -msse2 "${common[@]}" -o "${libs[0]}"
cc -march=x86-64 -mavx2 "${common[@]}" -o "${libs[1]}"
echo "[native] built $out/libdocs_argon2_{sse2,avx2}.so from Argon2 of argon2-cffi-bindings $version"
