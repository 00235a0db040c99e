#!/usr/bin/env bash
# Takes the README's dashboard screenshots from a RUNNING system (deploy/local/up --detach --demo), so the
# pictures show what the real pipeline tagged. Needs Debian's chromium.
#   deploy/local/up --detach --demo && docs/screenshots.sh && deploy/local/down
set -euo pipefail
cd "$(dirname "$0")"
base="${1:-http://127.0.0.1:8080}"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
budget=()
shot() { # file, path
  /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --hide-scrollbars --window-size=1280,900 --timeout=12000 "${budget[@]}" --screenshot="$PWD/$1" "$base$2" 2>/dev/null
  echo "wrote docs/$1"
}
shot dashboard.png "/"
shot dashboard-timeline.png "/?view=timeline&q=police"
shot dashboard-sources.png "/?view=sources"
# the Vendors view fetches the map, flows and vendors after the page's load event: let virtual time run until
# they are drawn (this view opens no event stream, which would keep virtual time waiting)
budget=(--virtual-time-budget=15000)
shot dashboard-vendors.png "/?view=vendors"
shot dashboard-vendor.png "/?view=vendors&vendorId=hikvision"
