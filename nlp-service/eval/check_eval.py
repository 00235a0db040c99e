#!/usr/bin/env python3
"""Validate the Countersight evaluation set and print a counts table (Markdown).

Usage: python3 check_eval.py [DIR]      (DIR defaults to this script's folder)
       python3 check_eval.py --file PATH  (validates one more part, e.g. dev3.jsonl or heldout2.jsonl:
                                           the per-item checks, ids prefixed with the file's name, counts;
                                           negatives.jsonl and train.jsonl get their own PROFILES)
Exit status 1 if any check fails. Uses only the Python standard library.
"""
import json, os, sys
from collections import Counter

CATEGORIES = ["cctv", "facial_recognition", "drones", "internet_shutdown", "censorship_firewall",
              "social_media_ban", "spyware", "biometric_id", "smart_city", "data_monitoring",
              "protest_crackdown", "vendor_export"]
# ISO 3166-1 alpha-2 (officially assigned codes, 249), from Debian iso-codes.
ISO2 = set("""AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN
HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR
LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH
SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US
UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW""".split())
# Region of each event country used in the set (for the coverage check only).
REGION = {
 "Africa": "AO CD CM EG ET GH GN KE MA MG ML MZ NE NG RW SD SN TD TG TZ UG ZM ZW",
 "Asia": "AF BD CN ID IN KG KH KR KZ LK MM MN MY NP PH PK SG TH TJ TM UZ VN",
 "Middle East": "AE BH IL IQ IR JO LB OM QA SA SY TR",
 "Latin America": "AR BO BR CL CO CU EC GT HN MX NI PE SV VE",
 "Europe": "AZ BY DE ES FR GB GE GR HU IE IT NL PL PT RS RU",
 "North America": "CA US",
 "Oceania": "AU FJ NZ PG",
}
COUNTRY_REGION = {c: r for r, cs in REGION.items() for c in cs.split()}
FIELDS = ["id", "title", "text", "language", "surveillance", "categories", "eventCountries",
          "mentionedCountries", "vendors", "denied", "note"]
# Per-part rules for the parts that are not evaluation sets (see README): text length, languages,
# and the article-level label every item must have. Chinese length is counted in characters.
PROFILES = {
    "negatives": dict(prefix="neg", words=(40, 150), chars=None, languages={"en"}, surveillance=False),
    "train": dict(prefix="train", words=(15, 120), chars=(25, 240),
                  languages={"en", "zh", "zh-Hant", "es", "fr", "ru", "ar", "de", "pt"}, surveillance=True),
}
DEFAULT_PROFILE = dict(words=(60, 200), chars=None, languages={"en"}, surveillance=None)
# train.jsonl labels the vendor of a named product ("Pegasus" -> NSO Group): product names that stand
# for the canonical vendor in the vendor-is-named check.
PRODUCT_OF = {"NSO Group": ["pegasus"], "Intellexa": ["predator", "cytrox"], "L3Harris": ["stingray", "hailstorm"],
              "FinFisher": ["finspy", "gamma group"], "Paragon Solutions": ["graphite"], "DJI": ["mavic", "matrice"],
              "Baykar": ["bayraktar"]}
MIN_TOTAL, MIN_CAT_ALL, MIN_CAT_HELDOUT, MIN_COUNTRIES, MIN_NEG = 180, 10, 5, 30, 50

def load(path, errors):
    items = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"{path}:{n}: empty line"); continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                errors.append(f"{path}:{n}: invalid JSON: {e}")
    return items

def validate(item, split, errors, profile=DEFAULT_PROFILE):
    where = f"{split}:{item.get('id')}"
    if list(item.keys()) != FIELDS:
        errors.append(f"{where}: fields {list(item.keys())} != {FIELDS}")
    prefix = profile.get("prefix", split)
    if not str(item.get("id", "")).startswith(prefix + "-"):
        errors.append(f"{where}: id must start with '{prefix}-'")
    for k in ("title", "text", "note"):
        if not isinstance(item.get(k), str) or not item[k].strip():
            errors.append(f"{where}: {k} must be a non-empty string")
    lang = item.get("language")
    if lang not in profile["languages"]:
        errors.append(f"{where}: language {lang!r} not in {sorted(profile['languages'])}")
    if profile["chars"] and str(lang).startswith("zh"):
        (lo, hi), n, unit = profile["chars"], len("".join(item.get("text", "").split())), "characters"
    else:
        (lo, hi), n, unit = profile["words"], len(item.get("text", "").split()), "words"
    if not lo <= n <= hi:
        errors.append(f"{where}: text has {n} {unit} ({lo}-{hi} expected)")
    if profile["surveillance"] is not None and item.get("surveillance") is not profile["surveillance"]:
        errors.append(f"{where}: surveillance must be {profile['surveillance']} in this part")
    for k in ("surveillance", "denied"):
        if not isinstance(item.get(k), bool):
            errors.append(f"{where}: {k} must be a boolean")
    for k in ("categories", "eventCountries", "mentionedCountries", "vendors"):
        v = item.get(k)
        if not isinstance(v, list) or len(set(v)) != len(v):
            errors.append(f"{where}: {k} must be a list without duplicates")
    for c in item.get("categories", []):
        if c not in CATEGORIES:
            errors.append(f"{where}: unknown category {c!r}")
    for k in ("eventCountries", "mentionedCountries"):
        for c in item.get(k, []):
            if c not in ISO2:
                errors.append(f"{where}: {k} has invalid alpha-2 code {c!r}")
    if set(item.get("eventCountries", [])) & set(item.get("mentionedCountries", [])):
        errors.append(f"{where}: a country is both event and mentioned")
    if item.get("surveillance"):
        if not item.get("categories") or not item.get("eventCountries"):
            errors.append(f"{where}: an event needs categories and eventCountries")
    else:
        if item.get("categories") or item.get("eventCountries") or item.get("denied"):
            errors.append(f"{where}: a non-event has no categories, eventCountries or denial")
    named = item.get("text", "").lower() + " " + item.get("title", "").lower()
    for v in item.get("vendors", []):
        if not any(n in named for n in [v.lower()] + PRODUCT_OF.get(v, [])):
            errors.append(f"{where}: vendor {v!r} not named in title or text")

def check_one(path):
    """Per-item checks and counts for one extra part; its ids start with the file name ("dev3-", "heldout2-")."""
    errors = []
    split = os.path.basename(path).split(".")[0]
    items = load(path, errors)
    for it in items:
        validate(it, split, errors, PROFILES.get(split, DEFAULT_PROFILE))
    ids = Counter(it.get("id") for it in items)
    texts = Counter(it.get("text", "").strip().lower() for it in items)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    errors += [f"duplicate text: {t[:50]}…" for t, n in texts.items() if n > 1]
    cat = Counter(c for it in items for c in it.get("categories", []))
    ev = Counter(c for it in items for c in it.get("eventCountries", []))
    print(f"| {split} | |\n|---|---:|")
    print(f"| items | {len(items)} |")
    print(f"| surveillance = true | {sum(bool(it.get('surveillance')) for it in items)} |")
    print(f"| negatives | {sum(not it.get('surveillance') for it in items)} |")
    print(f"| events with several categories | {sum(len(it.get('categories', [])) > 1 for it in items)} |")
    print(f"| events with several event countries | {sum(len(it.get('eventCountries', [])) > 1 for it in items)} |")
    print(f"| denied = true | {sum(bool(it.get('denied')) for it in items)} |")
    print(f"| distinct event countries | {len(ev)} |")
    langs = Counter(it.get("language") for it in items)
    if len(langs) > 1:
        print("| languages | " + ", ".join(f"{l} {n}" for l, n in langs.most_common()) + " |")
    print(f"| mean words per text | {round(sum(len(it.get('text', '').split()) for it in items) / max(len(items), 1))} |")
    for c in CATEGORIES:
        print(f"| `{c}` | {cat[c]} |")
    if errors:
        print("\nFAILED:", *errors, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print("\nAll checks passed.", file=sys.stderr)

def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--file":
        return check_one(sys.argv[2])
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors = []
    splits = {s: load(os.path.join(d, f"{s}.jsonl"), errors) for s in ("dev", "heldout")}
    ids, texts = Counter(), Counter()
    for s, items in splits.items():
        for it in items:
            validate(it, s, errors)
            ids[it.get("id")] += 1
            texts[it.get("text", "").strip().lower()] += 1
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    errors += [f"duplicate text: {t[:50]}…" for t, n in texts.items() if n > 1]
    titles = {s: {it["title"] for it in items} for s, items in splits.items()}
    errors += [f"title in both splits: {t}" for t in titles["dev"] & titles["heldout"]]

    allitems = splits["dev"] + splits["heldout"]
    def stats(items):
        cat = Counter(c for it in items for c in it["categories"])
        ev = Counter(c for it in items for c in it["eventCountries"])
        return dict(n=len(items), pos=sum(it["surveillance"] for it in items),
                    neg=sum(not it["surveillance"] for it in items), cat=cat, ev=ev,
                    multicat=sum(len(it["categories"]) > 1 for it in items),
                    multiev=sum(len(it["eventCountries"]) > 1 for it in items),
                    withmention=sum(it["surveillance"] and bool(it["mentionedCountries"]) for it in items),
                    denied=sum(it["denied"] for it in items),
                    words=sum(len(it["text"].split()) for it in items))
    S = {"dev": stats(splits["dev"]), "heldout": stats(splits["heldout"]), "total": stats(allitems)}

    if S["total"]["n"] < MIN_TOTAL: errors.append(f"only {S['total']['n']} items (< {MIN_TOTAL})")
    if S["total"]["neg"] < MIN_NEG: errors.append(f"only {S['total']['neg']} negatives (< {MIN_NEG})")
    for c in CATEGORIES:
        if S["total"]["cat"][c] < MIN_CAT_ALL: errors.append(f"category {c}: {S['total']['cat'][c]} < {MIN_CAT_ALL}")
        if S["heldout"]["cat"][c] < MIN_CAT_HELDOUT: errors.append(f"category {c} held-out: {S['heldout']['cat'][c]} < {MIN_CAT_HELDOUT}")
    if len(S["total"]["ev"]) < MIN_COUNTRIES:
        errors.append(f"only {len(S['total']['ev'])} distinct event countries (< {MIN_COUNTRIES})")
    unknown_region = [c for c in S["total"]["ev"] if c not in COUNTRY_REGION]
    if unknown_region: errors.append(f"event countries without a region in REGION: {unknown_region}")
    regions = Counter(COUNTRY_REGION.get(c, "?") for c in S["total"]["ev"])
    for r in REGION:
        if not regions[r]: errors.append(f"no event country in region {r}")

    col = ("dev", "heldout", "total")
    out = ["| | dev | heldout | total |", "|---|---:|---:|---:|"]
    row = lambda name, f: out.append(f"| {name} | " + " | ".join(str(f(S[c])) for c in col) + " |")
    row("items", lambda s: s["n"])
    row("surveillance = true", lambda s: s["pos"])
    row("surveillance = false (negatives)", lambda s: s["neg"])
    row("events with several categories", lambda s: s["multicat"])
    row("events with several event countries", lambda s: s["multiev"])
    row("events that also mention other countries", lambda s: s["withmention"])
    row("denied = true", lambda s: s["denied"])
    row("distinct event countries", lambda s: len(s["ev"]))
    row("mean words per text", lambda s: round(s["words"] / max(s["n"], 1)))
    out += ["", "| category | dev | heldout | total |", "|---|---:|---:|---:|"]
    for c in CATEGORIES:
        row(f"`{c}`", lambda s, c=c: s["cat"][c])
    out += ["", "| region | event countries (items: dev/heldout) |", "|---|---|"]
    for r, cs in REGION.items():
        present = [c for c in cs.split() if S["total"]["ev"][c]]
        out.append(f"| {r} | " + ", ".join(f"{c} ({S['dev']['ev'][c]}/{S['heldout']['ev'][c]})" for c in present) + " |")
    print("\n".join(out))
    if errors:
        print("\nFAILED:", *errors, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print("\nAll checks passed.", file=sys.stderr)

if __name__ == "__main__":
    main()
