"""The Neutron v2.0 API over the built-in networking's data."""
