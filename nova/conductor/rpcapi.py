"""Client of the conductor's RPC face (nova-conductor, topic "conductor").

1.0 - build_instances, reschedule_instance, and the object indirection
      methods that let nova-compute use versioned objects without a
      database connection.
"""

import oslo_messaging as messaging

from nova import rpc

TOPIC = 'conductor'


class ConductorAPI:
    VERSION = '1.0'

    def __init__(self):
        self.client = rpc.get_client(
            messaging.Target(topic=TOPIC, version=self.VERSION))

    def build_instances(self, context, instances, image, request_spec,
                        admin_password, injected_files):
        self.client.prepare().cast(
            context, 'build_instances', instances=instances, image=image,
            request_spec=request_spec, admin_password=admin_password,
            injected_files=injected_files)

    def reschedule_instance(self, context, instance, image, request_spec,
                            admin_password, injected_files, failed_host,
                            reason):
        self.client.prepare().cast(
            context, 'reschedule_instance', instance=instance, image=image,
            request_spec=request_spec, admin_password=admin_password,
            injected_files=injected_files, failed_host=failed_host,
            reason=reason)

    # The three methods oslo.versionedobjects calls as indirection_api.
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        return self.client.prepare().call(
            context, 'object_class_action_versions', objname=objname,
            objmethod=objmethod, object_versions=object_versions, args=args,
            kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self.client.prepare().call(
            context, 'object_action', objinst=objinst, objmethod=objmethod,
            args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self.client.prepare().call(
            context, 'object_backport_versions', objinst=objinst,
            object_versions=object_versions)
