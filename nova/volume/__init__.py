"""Block storage: the built-in volume service and the Cinder client."""
