"""Background jobs: long work off the request path (docs/PRODUCT.md "Long work").

One `Job` row per piece of work is what the UI and the API read; django-tasks carries it to a
worker (database backend by default, RQ on Redis when REDIS_URL is set). Other capabilities run
as jobs through the registry in `registry.py`:

    from claims.jobs.registry import register_job_kind
    register_job_kind("rescore_claims", rescore_claims, label="Rescore claims")

    from claims.jobs.services import enqueue_job
    job = enqueue_job(kind="rescore_claims", actor=user, params={"article_id": 3})

The function is called as `func(progress=callback, **params)` (plus `actor=` when registered
with `needs_actor=True`, and `input_bytes=` when the job was given an uploaded file), where
`callback(done, total, message)` reports progress. It returns a `JobFile` (a downloadable
result), a `JobLink` (a URL to what it made), a JSON-able dict/list (stored as a JSON file), or
None.
"""
