"""The legacy (unversioned) notifications: compute.instance.* and friends.

Their payloads are plain dicts with the keys upstream's legacy
notifications carry, sent to [oslo_messaging_notifications] topics.
"""

# Legacy event types differ from the versioned ones in their prefix.
PREFIXES = {'instance': 'compute.instance', 'aggregate': 'aggregate',
            'keypair': 'keypair', 'service': 'service'}


def _iso(value):
    return value.isoformat() if value is not None else ''


def _get(obj, name, default=None):
    if hasattr(obj, 'obj_attr_is_set') and not obj.obj_attr_is_set(name):
        return default
    return getattr(obj, name, default)


def instance_info(instance):
    flavor = _get(instance, 'flavor')
    info = {
        'tenant_id': _get(instance, 'project_id'),
        'user_id': _get(instance, 'user_id'),
        'instance_id': instance.uuid,
        'display_name': _get(instance, 'display_name'),
        'reservation_id': _get(instance, 'reservation_id'),
        'hostname': _get(instance, 'hostname'),
        'host': _get(instance, 'host'),
        'node': _get(instance, 'node'),
        'availability_zone': _get(instance, 'availability_zone'),
        'image_ref_url': _get(instance, 'image_ref'),
        'state': _get(instance, 'vm_state'),
        'state_description': _get(instance, 'task_state') or '',
        'progress': _get(instance, 'progress') or '',
        'created_at': _iso(_get(instance, 'created_at')),
        'launched_at': _iso(_get(instance, 'launched_at')),
        'terminated_at': _iso(_get(instance, 'terminated_at')),
        'deleted_at': _iso(_get(instance, 'deleted_at')),
        'metadata': (dict(instance.metadata)
                     if instance.obj_attr_is_set('metadata') else {}),
    }
    if flavor is not None:
        info.update(instance_type=flavor.name,
                    instance_type_id=_get(flavor, 'id'),
                    instance_flavor_id=flavor.flavorid,
                    memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                    root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
                    disk_gb=flavor.root_gb + flavor.ephemeral_gb)
    return info


def aggregate_info(aggregate):
    return {'aggregate_id': _get(aggregate, 'id'),
            'name': _get(aggregate, 'name'),
            'hosts': list(_get(aggregate, 'hosts', []) or []),
            'metadata': dict(_get(aggregate, 'metadata', {}) or {})}


def keypair_info(keypair):
    return {'tenant_id': None, 'user_id': _get(keypair, 'user_id'),
            'key_name': _get(keypair, 'name')}


def send(context, notifier, obj, action, phase, payload, source, host,
         priority):
    event_type = '.'.join(
        part for part in (PREFIXES.get(obj, obj), action, phase) if part)
    publisher = '%s.%s' % (source.replace('nova-', ''), host)
    getattr(notifier.prepare(publisher_id=publisher), priority)(
        context, event_type, payload)
