"""Every non-trivial read, with select_related/prefetch/annotate so pages keep a fixed query count."""
