"""nova-api: serves the Compute API (and the built-in image service)."""

import sys

import nova.conf
from nova.cmd import common
from nova.cmd import services
from nova.image import api as image_api

CONF = nova.conf.CONF


def main():
    common.init(prog='nova-api')
    try:
        image_api.check_backend()
    except image_api.ImageEndpointMissing as error:
        sys.exit(str(error))
    common.init_rpc(api=True)
    services.run(services.api_servers(), workers=CONF.osapi_compute_workers)
