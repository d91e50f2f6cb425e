"""Hardening: API tokens with expiry, throttling, idempotent POSTs, upload and document limits,
API fault answers, backup and restore. The core app does not import this package except through
settings (middleware, authentication, throttle and upload-handler paths)."""
