#!/usr/bin/env bash
# Takes the README's dashboard screenshots from a RUNNING system (deploy/local/up --detach --demo), so the
# pictures show what the real pipeline tagged. Needs Debian's chromium, and python3 for the Coverage view's feeds.
#   export COUNTERSIGHT_DATA=$(mktemp -d)   # one folder for up, this script (it reads the API key) and down
#   export COUNTERSIGHT_SIGNAL_HOLD=20s COUNTERSIGHT_COVERAGE_SIGNAL_EVALUATE_EVERY=5s COUNTERSIGHT_COVERAGE_REFRESH=10s
#   deploy/local/up --detach --demo && sleep 20 && docs/screenshots.sh; deploy/local/down
# The last picture (Coverage) stages a silence: it registers ten more feeds and stops four of them, so it comes last
# and belongs on a demo system only. With the default signal settings (hold 10 min) the signal is not raised in time
# and the picture shows Kenya "watching"; the exports above raise it within a minute.
# usage: docs/screenshots.sh [api base URL] [ingest base URL]
set -euo pipefail
cd "$(dirname "$0")"
base="${1:-http://127.0.0.1:8080}"
ingest="${2:-http://127.0.0.1:8081}"
auth="${COUNTERSIGHT_DATA:-$(cd .. && pwd)/.data}/run/auth-header"
profile=$(mktemp -d)
feeds=$(mktemp -d)
servers=()
cleanup() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$profile" "$feeds"
}
trap cleanup EXIT
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

# --- Coverage: a silence in Kenya, staged on the running demo ----------------------------------------------------
# Ten feeds "in" Kenya (4), Uganda (3) and Tanzania (3), each on its own loopback host (Linux routes 127/8 to lo),
# each with an article from this hour and one from this hour of each of the last four weeks (so a baseline exists).
# Once their articles are indexed, Kenya's four servers stop and ingest polls them at once: four hosts refuse.
[[ -r "$auth" ]] || { echo "no API key at $auth: export the COUNTERSIGHT_DATA that deploy/local/up used" >&2; exit 1; }
port=18088
py=$(python3 -c 'import sys; print(sys.executable)') # the interpreter itself, so its PID is the server's
declare -A site_country=() server_of=() source_of=()
for site in KE:21 KE:22 KE:23 KE:24 UG:31 UG:32 UG:33 TZ:41 TZ:42 TZ:43; do
  site_country["127.0.0.${site#*:}"]="${site%:*}"
done
python3 - "$feeds" "$port" "${!site_country[@]}" <<'FEEDS'
import email.utils, os, sys
from datetime import datetime, timedelta, timezone
root, port, hosts = sys.argv[1], sys.argv[2], sys.argv[3:]
topics = ["the harbour authority opened a second quay", "the county assembly passed the market budget",
          "a new bus line links the university to the town centre", "farmers reported an early maize harvest",
          "the water utility repaired the main pipeline"]
now = datetime.now(timezone.utc)
for h in hosts:
    os.makedirs(f"{root}/{h}/news", exist_ok=True)
    octet = int(h.split(".")[-1])
    items = []
    for week in range(5):  # this hour, and this hour of each of the last four weeks
        when = now - timedelta(days=7 * week, minutes=10 + (7 * octet) % 40)
        text = (f"Reporters of the daily on {h} write that {topics[(week + octet) % 5]}. "
                f"Residents told the paper the change was overdue.")
        with open(f"{root}/{h}/news/n{week}.html", "w") as f:
            f.write(f"<html><head><title>Local news {week}</title></head><body><article><p>{text}</p></article></body></html>")
        link = f"http://{h}:{port}/news/n{week}.html"
        items.append(f"<item><title>Local news from {h}, item {week}</title><link>{link}</link><guid>{link}</guid>"
                     f"<pubDate>{email.utils.format_datetime(when)}</pubDate><description>{text}</description></item>")
    with open(f"{root}/{h}/feed.xml", "w") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Daily on {h}</title>'
                f"<link>http://{h}:{port}/</link><description>Demo feed</description>{''.join(items)}</channel></rss>")
FEEDS
for h in "${!site_country[@]}"; do
  "$py" -m http.server "$port" --bind "$h" --directory "$feeds/$h" >/dev/null 2>&1 &
  server_of[$h]=$!
  servers+=("$!")
done
sleep 2
for h in "${!site_country[@]}"; do
  cc=${site_country[$h]}
  answer=$(curl -s --max-time 15 -X POST "$base/api/v1/sources" -H "@$auth" -H 'Content-Type: application/json' \
    --data "{\"url\":\"http://$h:$port/feed.xml\",\"name\":\"$cc daily on $h\",\"country\":\"$cc\"}")
  source_of[$h]=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$answer") ||
    { echo "could not register http://$h:$port/feed.xml: $answer" >&2; exit 1; }
done
holds() { # country, python condition over its coverage c
  curl -s --max-time 10 "$base/api/v1/coverage/$1" |
    python3 -c "import json,sys; c=json.load(sys.stdin); print(bool($2))" 2>/dev/null || true
}
wait_for() { # seconds, what, country, condition
  local deadline=$((SECONDS + $1))
  until [[ "$(holds "$3" "$4")" == True ]]; do
    ((SECONDS < deadline)) || { echo "coverage: $2 not seen in $1 s" >&2; return 1; }
    sleep 3
  done
}
for cc in KE UG TZ; do # every feed's articles tagged by nlp, indexed, and counted (each feed has one of the last 24 h)
  wait_for 300 "the articles of $cc" "$cc" \
    'c["sources"]["active"] == c["sources"]["registered"] and c["articles"]["last24Hours"] >= c["sources"]["registered"] and c["articles"].get("baseline24Hours")' ||
    true
done
for h in "${!site_country[@]}"; do
  if [[ ${site_country[$h]} == KE ]]; then kill "${server_of[$h]}"; fi
done
sleep 1
for h in "${!site_country[@]}"; do
  if [[ ${site_country[$h]} == KE ]]; then
    curl -s -o /dev/null --max-time 10 -X POST -H "@$auth" "$ingest/ingest/sources/${source_of[$h]}/poll"
  fi
done
start=$SECONDS
if wait_for 180 "Kenya's silence signal" KE 'c["signal"]["state"] == "raised"'; then
  echo "coverage: Kenya's silence signal raised $((SECONDS - start)) s after its servers stopped"
fi
sleep 5 # "since ... ago" reads naturally
budget=(--virtual-time-budget=5000)
shot dashboard-coverage.png "/?view=coverage"
