"""Volumes and volume types as the Block Storage v3 API shows them."""

import uuid

from nova import policy

# Cinder always has a default type; the built-in service may have none,
# so the API shows one that stands for "no type".
DEFAULT_TYPE_NAME = '__DEFAULT__'
DEFAULT_TYPE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                 'nova-volume:' + DEFAULT_TYPE_NAME))
_ATTACHMENT_KEYS = ('id', 'attachment_id', 'volume_id', 'server_id',
                    'host_name', 'device', 'attached_at')


def _links(req, kind, item_id):
    path = '/%s/%s' % (req.context.project_id, kind)
    base = req.host_url + req.script_name
    return [{'rel': 'self', 'href': '%s/v3%s/%s' % (base, path, item_id)},
            {'rel': 'bookmark', 'href': '%s%s/%s' % (base, path, item_id)}]


def summary(req, volume):
    return {'id': volume['id'], 'name': volume['name'],
            'links': _links(req, 'volumes', volume['id'])}


def detail(req, volume):
    context = req.context
    view = {
        'id': volume['id'], 'name': volume['name'],
        'description': volume['description'], 'status': volume['status'],
        'size': volume['size'],
        'availability_zone': volume['availability_zone'],
        'created_at': volume['created_at'],
        'updated_at': volume['updated_at'],
        'volume_type': volume['volume_type'] or DEFAULT_TYPE_NAME,
        'snapshot_id': volume['snapshot_id'],
        'source_volid': volume['source_volid'],
        'metadata': volume['metadata'] or {},
        'bootable': volume['bootable'], 'encrypted': False,
        'multiattach': bool(volume['multiattach']),
        'replication_status': None, 'consistencygroup_id': None,
        'user_id': volume['user_id'],
        'attachments': [{key: a.get(key) for key in _ATTACHMENT_KEYS}
                        for a in volume['attachments']],
        'links': _links(req, 'volumes', volume['id']),
    }
    if volume.get('image_id'):
        view['volume_image_metadata'] = {'image_id': volume['image_id']}
    target = {'project_id': volume['project_id']}
    if policy.check(context, 'volume_extension:volume_tenant_attribute',
                    target):
        view['os-vol-tenant-attr:tenant_id'] = volume['project_id']
    if policy.check(context, 'volume_extension:volume_host_attribute',
                    target):
        view['os-vol-host-attr:host'] = volume['host']
        view['migration_status'] = None
        view['os-vol-mig-status-attr:migstat'] = None
        view['os-vol-mig-status-attr:name_id'] = None
    return view


def default_type():
    return {'id': DEFAULT_TYPE_ID, 'name': DEFAULT_TYPE_NAME,
            'description': 'Default Volume Type', 'extra_specs': {}}


def volume_type(req, found):
    view = {'id': found['id'], 'name': found['name'],
            'description': found.get('description'), 'is_public': True,
            'os-volume-type-access:is_public': True, 'qos_specs_id': None}
    if policy.check(req.context,
                    'volume_extension:access_types_extra_specs'):
        view['extra_specs'] = found.get('extra_specs') or {}
    return view
