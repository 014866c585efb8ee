#!/usr/bin/env python3
"""Turns the hand-written facts (FACTS_DIR/SERIES.txt, names in clear, never committed) into
tests/corpus/SERIES.toml (hashes only).
Usage: python3 tests/corpus/facts_to_toml.py FACTS_DIR tests/corpus

Facts format (one statement a line; a comment is `#` after two spaces, or a line starting `#`):
  rule running-list                 actions missing from the next meeting's list are closed
  person Canonical = spelling = ...  accepted spellings of one person
  meeting DATE file=NAME lines=A-B|all [alt=DATE] [cancelled]
  attendance unrecorded
  present: a, b     present?: c      (optional: neither required nor counted wrong)
  regrets: a, b     regrets?: c
  guests: a, b      guests?: c
  action OWNERS | kw1 / kw2 | open|done      OWNERS: a, b  or  -  (no owner)
  action? ...                                 optional (ambiguous) action
  review OWNERS | kw | open|done              a later mention of an earlier action
"""
import re
import sys
from pathlib import Path

ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff"}


def norm(s: str) -> str:
    s = "".join(c for c in s if c not in ZERO_WIDTH)
    s = " ".join(s.lower().split())
    return s.lstrip("@")


def fnv(s: str) -> str:
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def kw_key(k: str) -> str:
    n = norm(k)
    return f"{len(n)}:{fnv(n)}"


def names(s):
    return [x.strip() for x in s.split(",") if x.strip() and x.strip() != "-"]


def main(facts_dir, out_dir):
    for path in sorted(Path(facts_dir).glob("*.txt")):
        series = path.stem
        persons = {}  # canonical -> spellings
        alias = {}  # norm spelling -> canonical
        meetings = []
        running = False
        cur = None

        def pid(name):
            n = norm(name)
            if n not in alias:
                alias[n] = name
                persons[name] = [name]
            return fnv(norm(alias[n]))

        for raw in path.read_text().splitlines():
            line = re.split(r"\s{2,}#", raw, maxsplit=1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
            if not line.strip():
                continue
            if line.startswith("rule running-list"):
                running = True
            elif line.startswith("person "):
                parts = [p.strip() for p in line[len("person "):].split(" = ")]
                canon = parts[0]
                persons[canon] = parts
                for p in parts:
                    alias[norm(p.replace("\\n", "\n"))] = canon
            elif line.startswith("meeting "):
                f = line.split()
                attrs = dict(x.split("=", 1) for x in f[2:] if "=" in x)
                m2 = re.search(r"file=(.*?) lines=", line)
                lines = attrs["lines"]
                cur = {
                    "date": f[1],
                    "file": m2.group(1),
                    "lines": [1, 1_000_000] if lines == "all" else [int(x) for x in lines.split("-")],
                    "alt": [attrs["alt"]] if "alt" in attrs else [],
                    "cancelled": line.split()[-1] == "cancelled",
                    "recorded": True,
                    "lists": {k: [] for k in ["present", "present?", "regrets", "regrets?", "guests", "guests?"]},
                    "actions": [],
                }
                meetings.append(cur)
            elif line.startswith("attendance unrecorded"):
                cur["recorded"] = False
            elif re.match(r"^(present|regrets|guests)\??:", line):
                key, rest = line.split(":", 1)
                cur["lists"][key] += [pid(n) for n in names(rest)]
            elif re.match(r"^(action\??|review) ", line):
                kind, rest = line.split(" ", 1)
                owners, kws, status = [x.strip() for x in rest.split("|")]
                cur["actions"].append({
                    "owners": [pid(n) for n in names(owners)],
                    "keywords": [kw_key(k.strip()) for k in kws.split(" / ")],
                    "kw_plain": [norm(k.strip()) for k in kws.split(" / ")],
                    "status": status,
                    "optional": kind == "action?",
                    "review": kind == "review",
                })
            else:
                raise SystemExit(f"{path}: cannot read: {raw}")

        # Open actions at the end: walk the held meetings oldest first.
        held = sorted((m for m in meetings if not m["cancelled"]), key=lambda m: m["date"])
        open_ = []  # dicts: owners, keywords, kw_plain
        for m in held:
            listed = [a for a in m["actions"] if not a["optional"]]
            seen = set()
            for a in listed:
                hit = next((o for o in open_ if set(o["kw_plain"]) & set(a["kw_plain"])), None)
                if a["review"]:
                    if hit is None:
                        continue
                    seen.add(id(hit))
                    if a["owners"]:
                        hit["owners"] = a["owners"]
                    if a["status"] == "done":
                        open_.remove(hit)
                elif a["status"] == "open":
                    o = dict(a)
                    open_.append(o)
                    seen.add(id(o))
            if running and listed:
                open_ = [o for o in open_ if id(o) in seen]

        def q(s):
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

        def arr(xs):
            return "[" + ", ".join(q(x) for x in xs) + "]"

        out = [
            f"# Expected facts of the corpus series {series}, written by hand from the minutes (issue 26); tests/corpus.rs reads the series through common::shared_dir (skipped without it outside CI).",
            "# People and action keywords are 64-bit FNV-1a hashes of the normalised text (tests/corpus.rs),",
            "# never names: the plain-text facts stay outside the repository.",
            f"series = {q(series)}",
            "",
        ]
        for canon, sp in persons.items():
            out += ["[[person]]", f"id = {q(fnv(norm(canon)))}",
                    f"spellings = {arr(sorted({fnv(norm(s.replace(chr(92) + 'n', chr(10)))) for s in sp}))}", ""]
        for m in meetings:
            out += ["[[meeting]]", f"file = {q(m['file'])}", f"lines = [{m['lines'][0]}, {m['lines'][1]}]",
                    f"date = {q(m['date'])}"]
            if m["alt"]:
                out.append(f"alt_dates = {arr(m['alt'])}")
            if m["cancelled"]:
                out.append("cancelled = true")
            if not m["recorded"]:
                out.append("attendance_recorded = false")
            for k, v in m["lists"].items():
                if v:
                    out.append(f"{k.replace('?', '_optional')} = {arr(v)}")
            out.append("")
            for a in m["actions"]:
                out += ["[[meeting.action]]", f"owners = {arr(a['owners'])}", f"keywords = {arr(a['keywords'])}",
                        f"done = {'true' if a['status'] == 'done' else 'false'}"]
                if a["optional"]:
                    out.append("optional = true")
                if a["review"]:
                    out.append("review = true")
                out.append("")
        for o in open_:
            out += ["[[open_at_end]]", f"owners = {arr(o['owners'])}", f"keywords = {arr(o['keywords'])}", ""]
        Path(out_dir, f"{series}.toml").write_text("\n".join(out).rstrip() + "\n")
        print(series, len(meetings), "meetings,", len(persons), "people,",
              sum(len(m["actions"]) for m in meetings), "actions,", len(open_), "open at end")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
