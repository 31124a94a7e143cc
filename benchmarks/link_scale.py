"""Linking at scale: generated event mentions resolved into incidents, timed.

    python benchmarks/link_scale.py --mentions 100000 [--json]
    python benchmarks/link_scale.py --mentions 1000000

Generates incidents in forty countries at a fixed density, about five incidents (14
mentions) per country per day, as on a busy front in ACLED's data, so that more mentions
mean a longer period rather than an ever more crowded day. Each incident has a site, a
region or only its country, and is reported by one to six documents whose dates may be a
day off, whose points wander a few km and whose actors are sometimes missing; then it times
:func:`warlog.link.link` over the shuffled mentions and reports peak memory, and the
pairwise precision / recall of "same incident" against the generated truth (a check
that the run linked, not a measure of accuracy on real text: that is `warlog eval`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from collections import Counter, defaultdict

from warlog.link import Mention, link

COUNTRIES = 40
MENTIONS_PER_COUNTRY_DAY = 14
TYPES = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
]
ACTORS = ["Armed group A", "Armed group B", "State forces C", "State forces D", "Militia E", "Militia F"]
START = dt.date(2023, 1, 1)


def generate(count: int, seed: int = 7) -> tuple[list[Mention], dict[str, int]]:
    """About ``count`` mentions and the true incident of each."""
    rng = random.Random(seed)
    centres = {f"C{n:02d}": (rng.uniform(-35, 55), rng.uniform(-20, 120)) for n in range(COUNTRIES)}
    days = max(30, round(count / (COUNTRIES * MENTIONS_PER_COUNTRY_DAY)))
    mentions: list[Mention] = []
    truth: dict[str, int] = {}
    incident = 0
    doc = 0
    while len(mentions) < count:
        incident += 1
        country = rng.choice(list(centres))
        lat0, lon0 = centres[country]
        lat, lon = lat0 + rng.uniform(-2, 2), lon0 + rng.uniform(-2, 2)
        day = START + dt.timedelta(days=rng.randrange(days))
        event_type, sub_type = rng.choice(TYPES)
        actor1, actor2 = rng.sample(ACTORS, 2)
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4, 6])):
            doc += 1
            precision = rng.choices([1, 2, 3, 4], weights=[6, 1, 2, 2])[0]
            jitter = {1: 0.02, 2: 0.1, 3: 0.5, 4: 0.0}[precision]
            key = f"d{doc}#0"
            mentions.append(
                Mention(
                    key=key,
                    doc_id=f"d{doc}",
                    source=f"d{doc}",
                    event_type=event_type,
                    sub_event_type=sub_type,
                    date=day + dt.timedelta(days=rng.choice([0, 0, 0, 0, 0, 0, 0, 0, 1, -1])),
                    time_precision=1,
                    country=country,
                    latitude=lat0 if precision == 4 else lat + rng.uniform(-jitter, jitter),
                    longitude=lon0 if precision == 4 else lon + rng.uniform(-jitter, jitter),
                    geo_precision=precision,
                    actor1=actor1 if rng.random() < 0.8 else None,
                    actor2=actor2 if rng.random() < 0.6 else None,
                )
            )
            truth[key] = incident
    rng.shuffle(mentions)
    return mentions, truth


def pairwise(predicted: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of 'same incident', counted by group sizes."""

    def pairs(groups: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in groups.values())

    both = pairs(Counter((predicted[k], truth[k]) for k in truth))
    said, true = pairs(Counter(predicted.values())), pairs(Counter(truth.values()))
    return (both / said if said else 1.0), (both / true if true else 1.0)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    mentions, truth = generate(args.mentions)
    started = time.perf_counter()
    linking = link(mentions)
    seconds = time.perf_counter() - started
    precision, recall = pairwise(linking.incident_of(), truth)
    sizes = defaultdict(int)
    for incident in linking.incidents:
        sizes[min(len(incident.mentions), 6)] += 1
    result = {
        "mentions": len(mentions),
        "true_incidents": len(set(truth.values())),
        "incidents": len(linking.incidents),
        "seconds": round(seconds, 1),
        "mentions_per_s": round(len(mentions) / seconds),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "pairwise_precision": round(precision, 3),
        "pairwise_recall": round(recall, 3),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
