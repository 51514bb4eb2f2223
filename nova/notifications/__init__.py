"""Versioned and legacy notifications the services send to the bus."""
