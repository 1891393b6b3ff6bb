"""Write the sample CSV files in resources/datasets/ (run once; the files are committed as data).

    .venv/bin/python scripts/make_datasets.py

Deterministic: the same numpy version writes the same files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "resources" / "datasets"


def houses(rng: np.random.Generator, m: int = 300) -> str:
    """House-price-like regression: price (k) from area, rooms, age and distance to centre."""
    area = np.round(rng.normal(95, 30, m).clip(30, 250), 1)
    rooms = np.clip(np.round(area / 28 + rng.normal(0, 0.8, m)), 1, 8).astype(int)
    age = np.round(rng.uniform(0, 80, m)).astype(int)
    dist = np.round(rng.gamma(2.0, 3.0, m), 2)
    price = 40 + 2.6 * area + 12 * rooms - 0.9 * age - 6.5 * dist + rng.normal(0, 25, m)
    lines = ["area_m2,rooms,age_years,distance_km,price_k"]
    lines += [
        f"{a:.1f},{r},{g},{d:.2f},{p:.1f}"
        for a, r, g, d, p in zip(area, rooms, age, dist, price, strict=True)
    ]
    return "\n".join(lines) + "\n"


def exams(rng: np.random.Generator, m: int = 300) -> str:
    """Binary classification: pass (1) or fail (0) from hours studied and hours slept."""
    study = np.round(rng.uniform(0, 10, m), 1)
    sleep = np.round(rng.normal(7, 1.3, m).clip(3, 11), 1)
    logit = 1.1 * (study - 5) + 0.8 * (sleep - 7) + rng.logistic(0, 1, m) * 0.8
    passed = (logit > 0).astype(int)
    lines = ["hours_studied,hours_slept,passed"]
    lines += [f"{s:.1f},{h:.1f},{p}" for s, h, p in zip(study, sleep, passed, strict=True)]
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "houses.csv").write_text(houses(np.random.default_rng(2024)))
    (OUT / "exams.csv").write_text(exams(np.random.default_rng(7)))


if __name__ == "__main__":
    main()
