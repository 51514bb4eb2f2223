"""nova-volume: runs the built-in volume service of this host."""

from nova.cmd import common
from nova.cmd import services


def main():
    common.init(prog='nova-volume')
    common.init_rpc()
    services.run([services.volume_service()])
