"""nova-compute as the code before would run it, for the rolling upgrade
tests: it knows Instance only up to 1.0 (no trusted_certs) and serves the
compute RPC face only up to 1.9. Objects newer than it knows reach it
from newer senders and are backported by the conductor (oslo's
object_backport_versions); each backport is printed to its log.

Run as: python -m tests.functional.old_compute --config-file ...
"""

import sys

OLD_COMPUTE_RPC = '1.9'
BACKPORT_MARK = 'old-compute backport:'


def _be_old():
    import oslo_messaging as messaging
    from oslo_versionedobjects import base as ovo_base

    from nova.compute import manager
    from nova.conductor import rpcapi as conductor_rpcapi
    from nova import objects
    from nova.objects import instance as instance_obj

    class Instance(instance_obj.Instance):
        VERSION = '1.0'
        fields = {name: field for name, field in
                  instance_obj.Instance.fields.items()
                  if name != 'trusted_certs'}

    ovo_base.VersionedObjectRegistry._registry._obj_classes['Instance'] = [
        Instance]
    objects.Instance = Instance
    manager.ComputeManager.target = messaging.Target(
        version=OLD_COMPUTE_RPC)

    backport = conductor_rpcapi.ConductorAPI.object_backport_versions

    def logged(self, context, objinst, object_versions):
        name = objinst['nova_object.name']
        print('%s %s %s -> %s' % (BACKPORT_MARK, name,
                                  objinst['nova_object.version'],
                                  object_versions.get(name)), flush=True)
        return backport(self, context, objinst, object_versions)

    conductor_rpcapi.ConductorAPI.object_backport_versions = logged


def main():
    from nova.cmd import common
    from nova.cmd import compute

    init = common.init

    def init_then_be_old(*args, **kwargs):
        init(*args, **kwargs)
        _be_old()

    common.init = init_then_be_old
    compute.main()


if __name__ == '__main__':
    sys.exit(main())
