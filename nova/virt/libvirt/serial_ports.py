"""TCP ports of the guests' serial consoles ([serial_console] port_range)
on this compute host."""

import socket
from xml.etree import ElementTree
import threading

import nova.conf
from nova import exception

CONF = nova.conf.CONF

_lock = threading.Lock()
_taken = set()  # (address, port) given out, or found in domains' XML


def port_range():
    low, high = (int(p) for p in CONF.serial_console.port_range.split(':'))
    return low, high


def _free(address, port):
    with socket.socket() as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


def acquire():
    """A port of the range that nobody listens on and this process has
    not given to another guest (QEMU binds it when the guest starts)."""
    address = CONF.serial_console.proxyclient_address
    low, high = port_range()
    with _lock:
        for port in range(low, high + 1):
            if (address, port) not in _taken and _free(address, port):
                _taken.add((address, port))
                return port
    raise exception.NovaException(
        'No free serial console port in %s on %s'
        % (CONF.serial_console.port_range, address))


def reserve(address, port):
    """Mark a port a defined guest already has (running or not, its QEMU
    binds it when it starts) as taken: at start-up the domains' XML are
    what a previous process gave out."""
    with _lock:
        _taken.add((address, port))


def release(port):
    with _lock:
        _taken.discard((CONF.serial_console.proxyclient_address, port))


def domain_serial_port(xml):
    """(address, port) of the TCP serial console in a domain's XML, or
    None when it has none."""
    source = ElementTree.fromstring(xml).find(
        "./devices/serial[@type='tcp']/source[@mode='bind']")
    if source is None:
        return None
    return source.get('host'), int(source.get('service'))
