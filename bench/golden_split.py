"""A golden record of the splitter's output, to prove that a speed change changes nothing.

`python bench/golden_split.py write FILE` splits a varied corpus (the seed, the news and
segmentation fixtures, a scrambled seed and 1 MB of debate prose from bench_checkworthiness)
and writes every segment and claim (spans, kinds, reasons, scores, features, explanations);
`python bench/golden_split.py check FILE` splits it again and reports every difference.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def corpus() -> dict[str, str]:
    import bench_checkworthiness
    import bench_splitter

    texts = {"seed": (ROOT / "claims" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")}
    for path in sorted((ROOT / "tests" / "segmentation" / "data").rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".md", ".html"} and path.name != "README.md":
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    texts["scrambled seed x5"] = bench_splitter.scrambled(texts["seed"], 5)
    texts["debate prose 1 MB"] = bench_checkworthiness.prose(bench_checkworthiness.MB)
    return texts


def record() -> dict[str, object]:
    from claims.segmentation import split_text

    found: dict[str, object] = {}
    for name, text in corpus().items():
        result = split_text(text)
        found[name] = {
            "segments": [
                [s.start, s.end, s.kind, s.reason, s.boilerplate_of_index, s.paragraph] for s in result.segments
            ],
            "claims": [
                [c.start, c.end, c.kind, c.checkworthiness, c.features, c.segment_index, c.restatement, c.contributions]
                for c in result.claims
            ],
        }
    return found


def main() -> int:
    action, path = sys.argv[1], Path(sys.argv[2])
    now = json.loads(json.dumps(record()))
    if action == "write":
        path.write_text(json.dumps(now), encoding="utf-8")
        return 0
    then = json.loads(path.read_text(encoding="utf-8"))
    differences = 0
    for name in then:
        for part in ("segments", "claims"):
            old, new = then[name][part], now[name][part]
            if old != new:
                changed = sum(1 for a, b in zip(old, new, strict=False) if a != b) + abs(len(old) - len(new))
                differences += changed
                first = next(
                    (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new))
                )
                print(f"{name} {part}: {len(old)} -> {len(new)}, {changed} differ; first at {first}:")
                print("  was", old[first] if first < len(old) else None)
                print("  now", new[first] if first < len(new) else None)
    total = sum(len(v["claims"]) for v in then.values())
    print(f"{len(then)} texts, {total} claims: {'SAME' if not differences else f'{differences} differences'}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
