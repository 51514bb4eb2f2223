"""Networks, subnets, ports ... as the Neutron API sees the built-in
networking's rows (the service API under nova/api/network)."""
