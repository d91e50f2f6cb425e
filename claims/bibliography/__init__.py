"""Bibliographic data without the database: identifiers, parsers, duplicates, citations, export.

identifiers.py and parsers.py are pure Python (no ORM); duplicates.py reads the Source table;
citations.py and export.py turn Source rows (or anything with the same attributes) into text.
"""
