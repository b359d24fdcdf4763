#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Adds seeded facet fields to a JSONL corpus (which has none), for bench/facets.sh.

vietnews-150k has titles and text only. Facet counting costs what the values are: how many
distinct ones a match meets and how long they are. This gives every article a plausible source
(12 papers, a few of them in a second spelling), category (15), author (3,000 people, one
article in ten credits two, one in seven nobody), 0 to 5 tags (5,000, Zipf-distributed) and a
date over six years. Deterministic for a seed.

    zstd -dc vietnews-150k.jsonl.zst | bench/facet_corpus.py --seed 17 > vietnews-facets.jsonl
"""
import argparse
import datetime
import json
import random
import sys

SOURCES = ["Dân trí", "VnExpress", "Tuổi Trẻ", "Thanh Niên", "Vietnamnet", "Lao Động",
           "Người Lao Động", "Zing News", "Tiền Phong", "Sài Gòn Giải Phóng", "Nhân Dân", "VTC News"]
CATEGORIES = ["Thời sự", "Thế giới", "Kinh doanh", "Giải trí", "Thể thao", "Pháp luật",
              "Giáo dục", "Sức khỏe", "Đời sống", "Du lịch", "Khoa học", "Số hóa", "Xe",
              "Ý kiến", "Bất động sản"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Quang", "Thu", "Hoài"]
GIVEN = ["An", "Bình", "Chi", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Khang", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân",
         "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Việt", "Yến", "Khiêm"]
SYLLABLES = ["hà", "nội", "kinh", "tế", "giá", "vàng", "xăng", "dầu", "bóng", "đá", "giáo",
             "dục", "y", "tế", "covid", "bầu", "cử", "thời", "tiết", "bão", "lũ", "nhà", "đất",
             "chứng", "khoán", "ngân", "hàng", "giao", "thông", "du", "lịch", "học", "sinh",
             "điện", "thoại", "ô", "tô", "xe", "máy", "thuế", "lương", "hưu", "biển", "đảo"]


def zipf(items, s=1.0):
    """A draw function over `items`, the i-th with weight 1 / (i + 1)^s."""
    cumulative, total = [], 0.0
    for i in range(len(items)):
        total += 1 / (i + 1) ** s
        cumulative.append(total)
    return lambda rng: rng.choices(items, cum_weights=cumulative)[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    people = sorted({f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                     for _ in range(4000)})[:3000]
    rng.shuffle(people)
    tags = set()
    while len(tags) < 5000:
        tags.add(" ".join(rng.sample(SYLLABLES, rng.choice([2, 2, 3, 4]))).capitalize())
    tags = sorted(tags)
    rng.shuffle(tags)
    source_of, category_of = zipf(SOURCES, 0.8), zipf(CATEGORIES, 0.5)
    person_of, tag_of = zipf(people), zipf(tags)
    start = datetime.date(2015, 1, 1)
    for line in sys.stdin:
        doc = json.loads(line)
        source = source_of(rng)
        if rng.random() < 0.05:
            source = source.upper()  # a second spelling of the same filter value
        doc["source"] = source
        doc["category"] = category_of(rng)
        r = rng.random()
        if r < 0.15:
            doc["author"] = ""
        elif r < 0.25:
            doc["author"] = f"{person_of(rng)}, {person_of(rng)}"
        else:
            doc["author"] = person_of(rng)
        doc["tags"] = sorted({tag_of(rng) for _ in range(rng.randint(0, 5))})
        day = start + datetime.timedelta(days=rng.randrange(6 * 365))
        doc["date"] = day.isoformat()
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
