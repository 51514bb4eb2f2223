"""A tiny DHCPv6 client and router-solicitation probe for tests (the
host has no DHCPv6 client): what a guest on the link is told.

Run as root inside the guest's network namespace:
    python -m tests.dhcpv6_client IFACE MAC {info|lease|ra}
prints one JSON line: info -> {'dns'} (stateless: an
Information-request), lease -> {'address', 'dns'} (stateful: Solicit,
Advertise, Request, Reply), ra -> {'rdnss'} (a router advertisement's
recursive DNS servers).
"""

import ipaddress
import json
import os
import select
import socket
import struct
import sys
import time

SOLICIT, ADVERTISE, REQUEST, REPLY, INFORMATION_REQUEST = 1, 2, 3, 7, 11
CLIENTID, SERVERID, IA_NA, IAADDR, ORO, ELAPSED_TIME = 1, 2, 3, 5, 6, 8
DNS_SERVERS = 23
IAID = 1


def _option(code, data=b''):
    return struct.pack('!HH', code, len(data)) + data


def _options(data):
    """{code: [data, ...]} of an options block."""
    found = {}
    while len(data) >= 4:
        code, length = struct.unpack('!HH', data[:4])
        found.setdefault(code, []).append(data[4:4 + length])
        data = data[4 + length:]
    return found


def _addresses(data):
    return [str(ipaddress.IPv6Address(data[i:i + 16]))
            for i in range(0, len(data) - 15, 16)]


class Client:

    def __init__(self, iface, mac):
        self.index = socket.if_nametoindex(iface)
        # DUID-LL of the interface's MAC.
        self.duid = struct.pack('!HH', 3, 1) + bytes.fromhex(
            mac.replace(':', ''))
        self.sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                             iface.encode())
        self.sock.bind(('::', 546))

    def exchange(self, kind, options, want, timeout=10.0):
        """Send kind until an answer of type want comes: its options."""
        xid = os.urandom(3)
        body = bytes([kind]) + xid + _option(CLIENTID, self.duid) + \
            _option(ELAPSED_TIME, b'\0\0') + \
            _option(ORO, struct.pack('!H', DNS_SERVERS)) + options
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.sock.sendto(body, ('ff02::1:2', 547, 0, self.index))
            ready, _, _ = select.select([self.sock], [], [], 1.0)
            if not ready:
                continue
            data, _peer = self.sock.recvfrom(4096)
            if data[0] == want and data[1:4] == xid:
                return _options(data[4:])
        raise TimeoutError('no DHCPv6 answer of type %d' % want)

    def info(self):
        found = self.exchange(INFORMATION_REQUEST, b'', REPLY)
        return {'dns': _addresses(b''.join(found.get(DNS_SERVERS, [])))}

    def lease(self):
        ia = _option(IA_NA, struct.pack('!III', IAID, 0, 0))
        offer = self.exchange(SOLICIT, ia, ADVERTISE)
        server = offer[SERVERID][0]
        offered = _options(offer[IA_NA][0][12:])[IAADDR][0]
        request = _option(SERVERID, server) + _option(
            IA_NA, struct.pack('!III', IAID, 0, 0) +
            _option(IAADDR, offered[:16] + struct.pack('!II', 0, 0)))
        found = self.exchange(REQUEST, request, REPLY)
        given = _options(found[IA_NA][0][12:])[IAADDR][0]
        return {'address': _addresses(given[:16])[0],
                'dns': _addresses(b''.join(found.get(DNS_SERVERS, [])))}


def router_advertisement(iface, timeout=10.0):
    """The RDNSS addresses of the first router advertisement heard
    after a router solicitation."""
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                         socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                    iface.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    index = socket.if_nametoindex(iface)
    deadline = time.time() + timeout
    while time.time() < deadline:
        # Type 133 (solicitation); the kernel fills in the checksum.
        sock.sendto(struct.pack('!BBHI', 133, 0, 0, 0),
                    ('ff02::2', 0, 0, index))
        ready, _, _ = select.select([sock], [], [], 1.0)
        while ready:
            data, _peer = sock.recvfrom(4096)
            if data[0] == 134:
                return {'rdnss': _rdnss(data[16:])}
            ready, _, _ = select.select([sock], [], [], 0.2)
    raise TimeoutError('no router advertisement')


def _rdnss(options):
    found = []
    while len(options) >= 8 and options[1]:
        kind, units = options[0], options[1]
        if kind == 25:  # RDNSS: 8 bytes of header, then addresses
            found += _addresses(options[8:units * 8])
        options = options[units * 8:]
    return found


def main(iface, mac, what):
    if what == 'ra':
        result = router_advertisement(iface)
    else:
        result = getattr(Client(iface, mac), what)()
    print(json.dumps(result))


if __name__ == '__main__':
    main(*sys.argv[1:4])
