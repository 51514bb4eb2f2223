"""os-assisted-volume-snapshots: a file-based volume service asks the
compute host of an attached volume to snapshot it (administrators, or
the volume service's own account).

Like upstream, the host is asked by a cast: the answer says the request
went out, and errors about the volume or its server are 400s.
"""

from oslo_serialization import jsonutils

from nova.api.openstack.compute.schemas import assisted_volume_snapshots \
    as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import exception
from nova import policy
from nova.volume import exception as volume_exception

_RULE = 'os_compute_api:os-assisted-volume-snapshots:%s'
# Nothing to snapshot here: 400, as upstream.
_BAD = (volume_exception.VolumeBDMNotFound, exception.InstanceNotReady,
        exception.InstanceInvalidState, volume_exception.InvalidVolume)


@wsgi.api(errors=(400, 403), body=schema.create)
def create(req, body):
    # The volume service calls with its own project: no target project.
    policy.authorize(req.context, _RULE % 'create', {})
    snapshot = body['snapshot']
    try:
        return servers._compute().volume_snapshot_create(
            req.context, snapshot['volume_id'], snapshot['create_info'])
    except _BAD as error:
        raise wsgi.Fault(400, error.format_message())


@wsgi.api(success=204, errors=(400, 403, 404), query=schema.delete_query)
def delete(req, snapshot_id):
    policy.authorize(req.context, _RULE % 'delete', {})
    try:
        delete_info = jsonutils.loads(req.GET['delete_info'])
        volume_id = delete_info['volume_id']
    except (KeyError, TypeError, ValueError) as error:
        raise wsgi.Fault(400, 'delete_info must be JSON naming the '
                              'volume_id: %s' % error)
    try:
        servers._compute().volume_snapshot_delete(
            req.context, volume_id, snapshot_id, delete_info)
    except _BAD as error:
        raise wsgi.Fault(400, error.format_message())


ROUTES = [
    ('/os-assisted-volume-snapshots', {'POST': create}),
    ('/os-assisted-volume-snapshots/{snapshot_id}', {'DELETE': delete}),
]
