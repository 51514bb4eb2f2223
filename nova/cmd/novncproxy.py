"""nova-novncproxy: the noVNC web client and the websocket proxy to the
guests' VNC consoles. It reads console tokens from the database."""

from nova.cmd import common
from nova.cmd import services
from nova.console import websocketproxy


def main():
    common.init(prog='nova-novncproxy')
    services.run([websocketproxy.novnc_proxy()])
