"""Django's PostgreSQL backend with a cheaper per-request connection health check (base.py)."""
