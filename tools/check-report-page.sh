#!/usr/bin/env bash
# Renders a report.html in headless Chromium at desktop width (1280 px) and at phone width (390 px)
# and writes one PNG screenshot of each, to look at before a change to the page is merged.
#
#   tools/check-report-page.sh OUT/report.html [SCREENSHOT_DIR]
#
# SCREENSHOT_DIR defaults to the page's directory; the screenshots are report-page-1280.png and
# report-page-390.png there. Needs Debian's chromium (apt-get install -y chromium); CHROMIUM names
# another binary. Exits 2 when chromium is missing, 1 when a screenshot was not written.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 REPORT_HTML [SCREENSHOT_DIR]" >&2
  exit 2
fi
page=$(realpath "$1")
dir=$(realpath "${2:-$(dirname "$page")}")
chromium=${CHROMIUM:-chromium}
if ! command -v "$chromium" >/dev/null 2>&1; then
  echo "$0: $chromium is not installed (apt-get install -y chromium)" >&2
  exit 2
fi
[ -f "$page" ] || { echo "$0: $page: no such file" >&2; exit 1; }
mkdir -p "$dir"

# Chromium's headless screenshot has a fixed height; 6000 px takes in the summary, the tables and
# the first charts of a typical page at either width.
for width in 1280 390; do
  shot="$dir/report-page-$width.png"
  rm -f "$shot"
  # a throwaway profile, so that a second run never finds the first one's lock
  profile=$(mktemp -d)
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$profile" --window-size="$width,6000" --screenshot="$shot" "file://$page" \
    >/dev/null 2>&1 || true
  rm -rf "$profile"
  if [ ! -s "$shot" ]; then
    echo "$0: chromium wrote no screenshot at $width px" >&2
    exit 1
  fi
  echo "$shot"
done
