"""Console proxies: websockets from browsers to guests' consoles."""
