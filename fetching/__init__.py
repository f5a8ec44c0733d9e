"""innocast."""
