#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derives data/dictionary.tsv (the segmenter's word list) from the shared lexicons.

  tools/build_dictionary.py [--shared ../shared/data] [--out data/dictionary.tsv]

Run by hand when the sources change; the CMake build only embeds the result. Every word is keyed
on its base form (lower case, marks removed, đ -> d) and the counts of its spellings are merged.
A word's score is its natural-log probability in the merged counts, plus MULTI_BONUS for a word of
several syllables, plus a "wordness" correction from the hand-segmented VTB training set: a
multi-syllable entry whose syllables occur in the training text but are seldom marked there as one
word (tool-segmented VietNews joins "cho biết", "người dân"; the treebank does not) gets
BETA * (ln(as_word + A) - ln(occurrences + A)).
Only word counts from vtb_train go in; vtb_dev is the evaluation set and is never read.
"""
import argparse
import collections
import math
import os
import re
import unicodedata

MAX_SYLLABLES = 4   # must match kMaxWordSyllables in src/text/segmenter.cpp
TRAIN_WEIGHT = 0.03  # training-set counts are rescaled to this share of the VietNews mass
PYVI_COUNT = 1.0     # pseudo-count of a pyvi word absent from both counted sources
BETA, A = 4.0, 0.25  # wordness correction
MULTI_BONUS = 1.0    # added to words of 2+ syllables: each extra word boundary costs this much
# BETA, A and MULTI_BONUS were tuned on the VTB dev F1 (a handful of values each). Checked again
# without dev (2026-11-28): five-fold held-out F1 on vtb_train alone (build from four fifths with
# this script's rules, a Python copy of the segmenter's DP on the fifth) also picks BETA 4,
# A 0.25, MULTI_BONUS 1 (fold 0: 0.9543; grid MULTI_BONUS 0.5/1/1.5 x BETA 2/4/6 x A 0.25/1).
# TRAIN_WEIGHT 0.3 beat 0.03 on four folds by 0.1 to 0.2 points but scored 0.9434 on dev (0.9448
# now), and adding pyvi-vtb.seg.txt as more gold counts lowered the held-out F1 (0.950): neither
# is used.
SYLLABLE = re.compile(r"[a-z]+")


def base_form(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def as_key(word):
    """Base form with syllables joined by one space, or None if not 1..MAX_SYLLABLES letter syllables."""
    syllables = base_form(word.replace("_", " ")).split()
    if not 1 <= len(syllables) <= MAX_SYLLABLES or not all(SYLLABLE.fullmatch(s) for s in syllables):
        return None
    return " ".join(syllables)


def read_vietnews(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            word, count = line.rstrip("\n").split("\t")
            key = as_key(word)
            if key:
                counts[key] += int(count)
    return counts


def read_pyvi(path):
    with open(path, encoding="utf-8") as f:
        return {k for k in (as_key(line.strip()) for line in f if line.strip()) if k}


def read_treebank(path):
    """Gold word counts, and how often each 1..MAX_SYLLABLES syllable n-gram occurs in the text."""
    as_word, occurrences = collections.Counter(), collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            syllables = []
            for word in line.split():
                key = as_key(word)
                if key:
                    as_word[key] += 1
                parts = [base_form(p) for p in word.split("_")]
                syllables += [p if SYLLABLE.fullmatch(p) else None for p in parts]
            for i in range(len(syllables)):
                for n in range(1, MAX_SYLLABLES + 1):
                    gram = syllables[i:i + n]
                    if len(gram) < n or None in gram:
                        break
                    occurrences[" ".join(gram)] += 1
    return as_word, occurrences


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "dictionary.tsv"))
    a = ap.parse_args()

    counts = read_vietnews(os.path.join(a.shared, "lexicon", "word-freq-vietnews.tsv"))
    as_word, occurrences = read_treebank(os.path.join(a.shared, "segmentation", "vtb_train.seg.txt"))
    scale = TRAIN_WEIGHT * sum(counts.values()) / sum(as_word.values())
    for key, n in as_word.items():
        counts[key] += n * scale
    for key in read_pyvi(os.path.join(a.shared, "lexicon", "words-pyvi.txt")):
        if key not in counts:
            counts[key] += PYVI_COUNT
    total = sum(counts.values())

    scores = {}
    for key, n in counts.items():
        score = math.log(n / total)
        seen = occurrences.get(key, 0)
        if " " in key:
            score += MULTI_BONUS
            if seen:
                score += BETA * (math.log(as_word.get(key, 0) + A) - math.log(seen + A))
        scores[key] = score

    with open(a.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(
            "# vnsearch word dictionary: base form (lower case, no marks, đ -> d), syllables joined by one space,\n"
            "# TAB, score = natural-log word probability with a wordness correction. Generated by\n"
            "# tools/build_dictionary.py; sources and licences in data/README.md:\n"
            "#   word-freq-vietnews.tsv (derived from VietNews), words-pyvi.txt (pyvi, MIT),\n"
            "#   word counts from UD Vietnamese-VTB train (CC BY-SA 4.0).\n")
        for key in sorted(scores):
            out.write(f"{key}\t{scores[key]:.2f}\n")
    print(f"{len(scores)} words, total count {total:.0f} -> {a.out}")


if __name__ == "__main__":
    main()
