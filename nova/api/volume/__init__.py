"""The Block Storage (Cinder) v3 API over the built-in volume service."""
