"""Releasing a guest's DHCPv6 leases from a bridge's dnsmasq.

A DHCPv6 lease belongs to the client's DUID and IAID, not to its MAC:
dhcp_release6 (dnsmasq-utils) needs them and dnsmasq's own DUID, which
only dnsmasq's lease file holds. Its IPv6 part is a `duid <server DUID>`
line followed by one line per lease:
`<expiry> <IAID, T-prefixed for a temporary address> <address>
<hostname or *> <client DUID or *>`.
"""

import ipaddress


def parse(text):
    """(server DUID or None, {address: (IAID, client DUID)}) of the
    non-temporary DHCPv6 leases of a lease file's text."""
    server = None
    leases = {}
    for line in (text or '').splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == 'duid':
            server = words[1]
            continue
        if server is None or len(words) < 5:
            continue  # an IPv4 lease (they come first)
        _expiry, iaid, address, _hostname, client = words[:5]
        if not iaid.isdigit() or client == '*' or ':' not in address:
            continue  # a temporary address's, or a malformed line
        leases[str(ipaddress.ip_address(address))] = (iaid, client)
    return server, leases


def release_commands(text, interface, addresses):
    """The dhcp_release6 commands that free the leases of addresses
    (those without a lease, never asked for, need none)."""
    server, leases = parse(text)
    commands = []
    for address in addresses:
        lease = leases.get(str(ipaddress.ip_address(address)))
        if server and lease:
            commands.append((
                'dhcp_release6', '--iface', interface, '--ip',
                str(ipaddress.ip_address(address)), '--server-id', server,
                '--client-id', lease[1], '--iaid', lease[0]))
    return commands
