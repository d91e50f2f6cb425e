"""Text -> segments and claim spans. Pure Python: no Django, no database.

`split_text(body)` returns segments that tile the body (only whitespace between them,
nothing dropped) and claim candidates anchored to sentence spans. Offsets are Unicode
code points into `body`, which must already be normalised (claims.importing does that).
See docs/SPLITTER.md for the rules and the choices behind them.
"""

from claims.segmentation.splitter import split_text
from claims.segmentation.types import ClaimCandidate, Paragraph, Segment, SplitResult

__all__ = ["ClaimCandidate", "Paragraph", "Segment", "SplitResult", "split_text"]
