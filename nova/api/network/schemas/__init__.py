"""Request bodies of the Neutron API: attributes each resource accepts."""
