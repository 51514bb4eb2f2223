"""nova-api: serves the Compute API (and the built-in image service)."""

from nova.cmd import common
from nova.cmd import services


def main():
    common.init(prog='nova-api')
    common.init_rpc(api=True)
    services.run(services.api_servers())
