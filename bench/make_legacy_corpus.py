#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turn real Vietnamese news text into legacy-encoded files, to measure decode_text.

  bench/make_legacy_corpus.py speed   OUT [--articles N]
      OUT/baomoi.{utf8,tcvn3,vni}.txt: the articles' title and body, one paragraph a line, as one
      big file per encoding (decode MB/s: `encoding_bench OUT`; also the one-text-a-line input
      of `analyzer_bench` and `vnsearch analyze --words`).
  bench/make_legacy_corpus.py index   OUT [--articles N]
      OUT/{utf8,tcvn3,vni}/NNNNN.txt: one plain-text article a file in each encoding, so that
      `vnsearch index` can be timed on the same articles in each (bench/legacy_index_bench.sh).
  bench/make_legacy_corpus.py samples OUT [--count N] [--seed S]
      OUT/<encoding>/<i>.txt: N slices of articles (50 to 3000 characters, cut at paragraph or
      sentence ends) in every encoding, with OUT/expected/<i>.<encoding>.txt the UTF-8 a perfect
      decoder gives back (characters an encoding lacks become '?') and OUT/utf-8/<i>.txt the
      slice itself (detection accuracy: the "encoding: detection accuracy" doctest with
      VNSEARCH_ENCODING_EVAL=OUT, which ctest runs with the label "corpus").

The corpus (../shared/data/corpus/baomoi-35k.jsonl.zst) has no licence for redistribution: the
output is for local measurement only and is never committed.
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import build_encoding_tables as tables  # noqa: E402

CORPUS = os.path.join(HERE, "..", "..", "shared", "data", "corpus", "baomoi-35k.jsonl.zst")


def articles(limit, path=CORPUS):
    proc = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
    n = 0
    for line in proc.stdout:
        if n >= limit:
            break
        doc = json.loads(line)
        text = "\n".join(p for p in (doc.get("title"), doc.get("summary"), doc.get("body")) if p)
        if text.strip():
            n += 1
            yield text
    proc.kill()
    proc.wait()


def speed(out, count, corpus):
    os.makedirs(out, exist_ok=True)
    encs = tables.encoders()
    texts = "\n".join(articles(count, corpus)) + "\n"
    with open(os.path.join(out, "baomoi.utf8.txt"), "w", encoding="utf-8") as f:
        f.write(texts)
    for name in ("tcvn3", "vni"):
        data, _ = encs[name].encode(texts)
        with open(os.path.join(out, "baomoi.%s.txt" % name), "wb") as f:
            f.write(data)
    print("%d articles, %.1f MB UTF-8" % (count, len(texts.encode()) / 1e6))


def index_folders(out, count, corpus):
    encs = tables.encoders()
    for i, text in enumerate(articles(count, corpus)):
        for name in ("utf8", "tcvn3", "vni"):
            folder = os.path.join(out, name)
            os.makedirs(folder, exist_ok=True)
            data = text.encode("utf-8") if name == "utf8" else encs[name].encode(text)[0]
            with open(os.path.join(folder, "%05d.txt" % i), "wb") as f:
                f.write(data)
    print("%d articles in utf8, tcvn3 and vni under %s" % (count, out))


def slices(texts, count, rng):
    """Pieces of articles of varied length, cut after a sentence."""
    lengths = [50, 100, 150, 200, 300, 500, 1000, 3000]
    out = []
    while len(out) < count:
        text = rng.choice(texts)
        want = rng.choice(lengths)
        start = rng.randrange(0, max(1, len(text) - want))
        # begin at a paragraph or sentence start, end after a sentence
        for sep in ("\n", ". "):
            k = text.rfind(sep, 0, start)
            if k >= 0:
                start = k + len(sep)
                break
        else:
            start = 0
        piece = text[start:start + want]
        end = max(piece.rfind(". "), piece.rfind("\n"))
        if end > want // 2:
            piece = piece[:end + 1]
        if len(piece.strip()) >= 20:
            out.append(piece)
    return out


def samples(out, count, seed, corpus):
    rng = random.Random(seed)
    texts = list(articles(5000, corpus))
    encs = tables.encoders()
    names = ["utf-8", "expected"] + [n for n in tables.LEGACY]
    for n in names:
        os.makedirs(os.path.join(out, n), exist_ok=True)
    for i, piece in enumerate(slices(texts, count, rng)):
        with open(os.path.join(out, "utf-8", "%05d.txt" % i), "w", encoding="utf-8") as f:
            f.write(piece)
        for name, enc in encs.items():
            data, expected = enc.encode(piece)
            with open(os.path.join(out, name, "%05d.txt" % i), "wb") as f:
                f.write(data)
            with open(os.path.join(out, "expected", "%05d.%s.txt" % (i, name)), "w",
                      encoding="utf-8") as f:
                f.write(expected)
    print("%d slices in %d encodings under %s" % (count, len(encs), out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["speed", "index", "samples"])
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=35440)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--corpus", default=CORPUS, help="JSONL.zst corpus (default: baomoi-35k)")
    args = ap.parse_args()
    if args.mode == "speed":
        speed(args.out, args.articles, args.corpus)
    elif args.mode == "index":
        index_folders(args.out, args.articles, args.corpus)
    else:
        samples(args.out, args.count, args.seed, args.corpus)


if __name__ == "__main__":
    main()
