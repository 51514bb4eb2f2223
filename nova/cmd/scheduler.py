"""nova-scheduler: runs the scheduler service."""

from nova.cmd import common
from nova.cmd import services


def main():
    common.init(prog='nova-scheduler')
    common.init_rpc()
    services.run([services.scheduler_service()])
