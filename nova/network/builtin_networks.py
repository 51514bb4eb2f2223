"""The built-in backend's networks, fixed IPs and interfaces (part of
BuiltinNetworkAPI): rows of the compute database."""

from nova import lazy_import
from nova.network import errors
from nova.network import manage

networks_db = lazy_import.module('nova.db.networks')


class NetworksMixin:

    def get_networks(self, context, project_id=None):
        return networks_db.network_get_all(context, project_id=project_id)

    def get_network(self, context, network_uuid):
        return networks_db.network_get_by_uuid(context, network_uuid)

    def create_networks(self, context, **params):
        return manage.create_networks(context, **params)

    def delete_network(self, context, network_uuid):
        networks_db.network_delete(context, network_uuid)

    def associate_free_network(self, context, project_id,
                               network_uuid=None):
        if network_uuid:
            network = networks_db.network_get_by_uuid(context, network_uuid)
            if network.project_id not in (None, project_id):
                raise errors.NetworkOfAnotherProject(network_id=network_uuid)
        networks_db.network_associate_free(context, project_id,
                                           network_uuid or None)

    def update_network_association(self, context, network_uuid, values):
        unknown = set(values) - {'project_id', 'host'}
        if unknown:
            raise ValueError('not association fields: %s' % sorted(unknown))
        networks_db.network_update(context, network_uuid, values)

    def get_fixed_ip(self, context, address):
        fixed, network, instance = networks_db.fixed_ip_get_by_address(
            context, address)
        return {'address': fixed.address, 'cidr': network.cidr,
                'reserved': bool(fixed.reserved),
                'host': instance.host if instance else None,
                'hostname': instance.hostname if instance else None}

    def set_fixed_ip_reserved(self, context, address, reserved):
        networks_db.fixed_ip_set_reserved(context, address, reserved)

    def get_vifs(self, context, instance_uuid):
        return [{'id': vif.uuid, 'address': vif.address,
                 'net_id': network_uuid}
                for vif, network_uuid in networks_db.vifs_by_instance(
                    context, instance_uuid)]
