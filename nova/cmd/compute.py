"""nova-compute: runs the compute service of this host (or of N simulated
hosts with the fake driver). It has no database access: objects go
through the conductor, images over HTTP to the image API."""

import sys

from nova.cmd import common
from nova.cmd import no_database
from nova.cmd import services
from nova.image import api as image_api


def main():
    common.init(prog='nova-compute', database=False)
    try:
        image_api.require_http('nova-compute')
    except image_api.ImageEndpointMissing as error:
        sys.exit(str(error))
    # Any database use from here on is a bug: fail loudly, naming it.
    no_database.forbid('nova-compute')
    common.init_rpc()
    common.use_conductor_for_objects()
    services.run(services.compute_services())
