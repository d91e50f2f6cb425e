"""API views, one class per operation, grouped by area. Each view validates its input with a
nested serializer, calls one service or selector, and serializes the result."""
