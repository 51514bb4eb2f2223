"""Networking: the network API, the built-in nova-network style
implementation and its data plane on compute hosts."""
