"""nova-conductor: runs the conductor service."""

from nova.cmd import common
from nova.cmd import services


def main():
    common.init(prog='nova-conductor')
    common.init_rpc()
    services.run([services.conductor_service()])
