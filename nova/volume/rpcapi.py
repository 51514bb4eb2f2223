"""Client of the built-in volume service's RPC face (topic "volume").

1.0 - create_volume, delete_volume, extend_volume, upload_to_image,
      create_snapshot, delete_snapshot (casts to the volume's host);
      initialize_connection (call to the volume's host: the file lives
      there); attachment_create, attachment_complete, attachment_delete,
      get_volume (calls to
      any volume host, for callers without a database: nova-compute)
1.1 - reimage_volume (call to the volume's host: it checks and marks the
      volume, then writes the image on its worker pool)
"""

import oslo_messaging as messaging

import nova.conf
from nova import rpc

CONF = nova.conf.CONF
TOPIC = 'volume'


class VolumeAPI:
    VERSION = '1.1'

    def __init__(self):
        # Capped by [upgrade_levels] volume during a rolling upgrade.
        self.client = rpc.get_client(
            messaging.Target(topic=TOPIC, version=self.VERSION),
            pin='volume')

    def _cast(self, context, host, method, **kwargs):
        self.client.prepare(server=host, version='1.0').cast(
            context, method, **kwargs)

    def _call(self, context, method, host=None, version='1.0', **kwargs):
        return self.client.prepare(
            server=host, version=version,
            timeout=CONF.volume.rpc_timeout).call(
                context, method, **kwargs)

    def create_volume(self, context, host, volume_id):
        self._cast(context, host, 'create_volume', volume_id=volume_id)

    def delete_volume(self, context, host, volume_id):
        self._cast(context, host, 'delete_volume', volume_id=volume_id)

    def extend_volume(self, context, host, volume_id, new_size):
        self._cast(context, host, 'extend_volume', volume_id=volume_id,
                   new_size=new_size)

    def upload_to_image(self, context, host, volume_id, image_id):
        self._cast(context, host, 'upload_to_image', volume_id=volume_id,
                   image_id=image_id)

    def create_snapshot(self, context, host, snapshot_id):
        self._cast(context, host, 'create_snapshot', snapshot_id=snapshot_id)

    def delete_snapshot(self, context, host, snapshot_id):
        self._cast(context, host, 'delete_snapshot', snapshot_id=snapshot_id)

    def initialize_connection(self, context, host, volume_id, attachment_id,
                              connector):
        return self._call(context, 'initialize_connection', host=host,
                          volume_id=volume_id, attachment_id=attachment_id,
                          connector=connector)

    def attachment_create(self, context, volume_id, instance_uuid):
        return self._call(context, 'attachment_create', volume_id=volume_id,
                          instance_uuid=instance_uuid)

    def attachment_complete(self, context, attachment_id, mountpoint):
        return self._call(context, 'attachment_complete',
                          attachment_id=attachment_id, mountpoint=mountpoint)

    def attachment_delete(self, context, attachment_id):
        return self._call(context, 'attachment_delete',
                          attachment_id=attachment_id)

    def get_volume(self, context, volume_id):
        return self._call(context, 'get_volume', volume_id=volume_id)

    def reimage_volume(self, context, host, volume_id, image_id,
                       reimage_reserved):
        return self._call(context, 'reimage_volume', host=host,
                          version='1.1', volume_id=volume_id,
                          image_id=image_id,
                          reimage_reserved=reimage_reserved)
