"""Client of the compute service's RPC face (topic compute.<host>).

1.0 - build_and_run_instance, terminate_instance
1.1 - power actions: reboot_instance, stop_instance, start_instance,
      pause_instance, unpause_instance, suspend_instance, resume_instance
1.2 - actions on the guest where it runs (rescue, rebuild, snapshot,
      password, console output, soft delete and restore, ...)
1.3 - moves: resize, migrate, live migration, evacuation, shelve
"""

import oslo_messaging as messaging

from nova import rpc

TOPIC = 'compute'


class ComputeAPI:
    VERSION = '1.3'

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

    # 1.1: power actions, cast to the instance's host.

    def _cast_power_action(self, context, method, instance, **kwargs):
        self.client.prepare(server=instance.host, version='1.1').cast(
            context, method, instance=instance, **kwargs)

    def reboot_instance(self, context, instance, reboot_type):
        self._cast_power_action(context, 'reboot_instance', instance,
                                reboot_type=reboot_type)

    def stop_instance(self, context, instance):
        self._cast_power_action(context, 'stop_instance', instance)

    def start_instance(self, context, instance):
        self._cast_power_action(context, 'start_instance', instance)

    def pause_instance(self, context, instance):
        self._cast_power_action(context, 'pause_instance', instance)

    def unpause_instance(self, context, instance):
        self._cast_power_action(context, 'unpause_instance', instance)

    def suspend_instance(self, context, instance):
        self._cast_power_action(context, 'suspend_instance', instance)

    def resume_instance(self, context, instance):
        self._cast_power_action(context, 'resume_instance', instance)

    # 1.2: actions on the guest where it runs.

    # 1.3: moves between hosts.
