"""nova-compute: runs the compute service of this host (or of N simulated
hosts with the fake driver). It has no database access: objects go
through the conductor."""

from nova.cmd import common
from nova.cmd import services


def main():
    common.init(prog='nova-compute')
    common.init_rpc()
    common.use_conductor_for_objects()
    services.run(services.compute_services())
