#!/usr/bin/env python3
"""Mines Vietnamese abbreviations and their expansions from news corpora: data/abbreviations.tsv.

An abbreviation is an upper-case run of 2 to 8 letters, possibly cut by '.' or '-' (UBND, HĐND,
TP.HCM, GD-ĐT). Its expansion is the phrase, in the same article, whose syllables' initials spell
its letters in order (Ủy ban nhân dân -> UBND; đ keeps its own letter Đ). Two kinds of evidence
are counted per (abbreviation, phrase):

  defined  the phrase stands right before "(ABBR)", the way articles introduce an abbreviation;
  nearby   the phrase occurs in an article that also uses the abbreviation.

An abbreviation is kept when its best phrase was seen in enough articles and clearly dominates its
other readings (CA: công an, not a coincidental "cho anh"), so ambiguous ones are left out.
Facts about usage, not text: only the pairs and their counts are written.

    python3 tools/mine_abbreviations.py --data ../shared/data > data/abbreviations.tsv
"""
import argparse
import collections
import json
import re
import subprocess
import sys
import unicodedata

CORPORA = ["corpus/baomoi-35k.jsonl.zst", "corpus/vietnews-150k.jsonl.zst"]
ABBR = re.compile(r"(?<![\w.\-])([A-ZĐ]{1,6}(?:[.\-]?[A-ZĐ]{1,6}){0,3})(?![\w\-]|\.[A-ZĐ])")
SYLLABLE = re.compile(r"[^\W\d_]+")
ROMAN = re.compile(r"^[IVXLC]+$")
# So common that articles never introduce them in parentheses; kept whatever the counts say.
ALWAYS = {"TP.HCM": "thành phố hồ chí minh", "TPHCM": "thành phố hồ chí minh",
          "HCM": "hồ chí minh", "PTNT": "phát triển nông thôn", "HN": "hà nội"}


def letters_of(abbr):
    return abbr.replace(".", "").replace("-", "")


def initial(syllable):
    c = syllable[0]
    if c in "đĐ":
        return "Đ"
    return unicodedata.normalize("NFD", c)[0].upper()


def articles(data):
    for corpus in CORPORA:
        proc = subprocess.Popen(["zstd", "-dc", f"{data}/{corpus}"], stdout=subprocess.PIPE)
        for line in proc.stdout:
            doc = json.loads(line)
            yield " ".join(doc.get(k) or "" for k in ("title", "summary", "body"))
        proc.wait()


def mine(data, limit):
    nearby = collections.Counter()
    defined = collections.Counter()
    uses = collections.Counter()
    for n, text in enumerate(articles(data)):
        if limit and n >= limit:
            break
        text = unicodedata.normalize("NFC", text)
        found = {m.group(1) for m in ABBR.finditer(text)}
        found = {a for a in found if 2 <= len(letters_of(a)) <= 8 and not ROMAN.match(letters_of(a))}
        if not found:
            continue
        spans = [(m.start(), m.group()) for m in SYLLABLE.finditer(text)]
        # One character per syllable: the initials of the article, to find each abbreviation's
        # letters as a substring instead of sliding over every n-gram.
        initials = "".join(initial(s) for _, s in spans)
        # Syllables written in capitals are abbreviations or headlines, never an expansion.
        lower = [not s.isupper() or len(s) == 1 for _, s in spans]
        for abbr in found:
            uses[abbr] += 1
            letters = letters_of(abbr)
            seen = set()
            start = initials.find(letters)
            while start != -1:
                words = spans[start:start + len(letters)]
                if all(lower[start:start + len(letters)]):
                    phrase = " ".join(s.lower() for _, s in words)
                    if phrase not in seen:
                        seen.add(phrase)
                        nearby[abbr, phrase] += 1
                    end = words[-1][0] + len(words[-1][1])
                    if re.match(r"\s*\(\s*" + re.escape(abbr) + r"\s*\)", text[end:end + len(abbr) + 8]):
                        defined[abbr, phrase] += 1
                start = initials.find(letters, start + 1)
    return nearby, defined, uses


def select(nearby, defined, uses, min_articles, min_defined, dominance):
    by_abbr = collections.defaultdict(list)
    for (abbr, phrase), count in nearby.items():
        by_abbr[abbr].append((defined[abbr, phrase] * 20 + count, count, phrase))
    rows = []
    for abbr, readings in by_abbr.items():
        readings.sort(reverse=True)
        score, count, phrase = readings[0]
        runner_up = readings[1][0] if len(readings) > 1 else 0
        if ALWAYS.get(abbr) == phrase:
            rows.append((abbr, phrase, defined[abbr, phrase], count, uses[abbr]))
            continue
        if count < min_articles or score < dominance * runner_up:
            continue
        # Introduced as "phrase (ABBR)" by several articles: the strongest evidence, and the
        # filter that removes coincidences such as MV "mua vào" (a price table's column).
        if defined[abbr, phrase] < min_defined:
            continue
        # A person's initials (Q.D, P.V) spell no phrase, and a phrase of single letters is the
        # abbreviation spelled out.
        if all(len(part) == 1 for part in re.split(r"[.\-]", abbr)) and len(abbr) > 2:
            continue
        if any(len(s) == 1 for s in phrase.split()):
            continue
        rows.append((abbr, phrase, defined[abbr, phrase], count, uses[abbr]))
    rows.sort(key=lambda r: (-r[4], r[0]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder holding corpus/")
    ap.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    ap.add_argument("--min-articles", type=int, default=5)
    ap.add_argument("--min-defined", type=int, default=2)
    ap.add_argument("--dominance", type=float, default=3.0)
    args = ap.parse_args()
    nearby, defined, uses = mine(args.data, args.limit)
    rows = select(nearby, defined, uses, args.min_articles, args.min_defined, args.dominance)
    out = sys.stdout
    out.write("# abbreviation<TAB>expansion<TAB>defined<TAB>nearby<TAB>uses (see data/README.md)\n")
    for abbr, phrase, d, c, u in rows:
        out.write(f"{abbr}\t{phrase}\t{d}\t{c}\t{u}\n")


if __name__ == "__main__":
    main()
