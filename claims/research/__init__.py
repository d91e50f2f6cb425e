"""Source research (issue 18): add a work by identifier, retraction watch, archived evidence, link
checks and library suggestions. See docs/ARCHITECTURE.md ("Source research")."""
