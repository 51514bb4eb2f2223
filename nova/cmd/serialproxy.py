"""nova-serialproxy: the websocket proxy to the guests' serial consoles.
It reads console tokens from the database."""

from nova.cmd import common
from nova.cmd import services
from nova.console import websocketproxy


def main():
    common.init(prog='nova-serialproxy')
    services.run([websocketproxy.serial_proxy()])
