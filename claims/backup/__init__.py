"""Whole-desk backup and restore (`manage.py backup FILE` / `restore FILE`); no models of its own."""
