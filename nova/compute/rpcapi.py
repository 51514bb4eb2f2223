"""Client of the compute service's RPC face (topic compute.<host>).

1.0 - build_and_run_instance, terminate_instance
"""

import oslo_messaging as messaging

from nova import rpc

TOPIC = 'compute'


class ComputeAPI:
    VERSION = '1.0'

    def __init__(self):
        self.client = rpc.get_client(
            messaging.Target(topic=TOPIC, version=self.VERSION))

    def build_and_run_instance(self, context, instance, host, node, image,
                               request_spec, admin_password,
                               injected_files):
        self.client.prepare(server=host).cast(
            context, 'build_and_run_instance', instance=instance, node=node,
            image=image, request_spec=request_spec,
            admin_password=admin_password, injected_files=injected_files)

    def terminate_instance(self, context, instance):
        self.client.prepare(server=instance.host).cast(
            context, 'terminate_instance', instance=instance)
