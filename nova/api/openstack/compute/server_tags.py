"""A server's tags (API 2.26): /servers/{server_id}/tags[/{tag}].

GET lists them, PUT replaces them all, DELETE drops them all; one tag is
checked (204 or 404), added (201, or 204 when already there) or deleted at
/tags/{tag}. Changes need the server active, paused, suspended or stopped
(409 otherwise), as upstream.
"""

from nova.api.openstack.compute.schemas import server_tags as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import common
from nova.api.openstack import wsgi
from nova.api import validation
from nova.compute import vm_states
from nova import exception
from nova import objects

_RULE = 'os_compute_api:os-server-tags:%s'
_CHANGEABLE = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
               vm_states.STOPPED)


def _instance(req, server_id, action):
    return servers.authorized_server(req, server_id, _RULE % action,
                                     expected_attrs=())


def _changeable(req, server_id, action, what):
    instance = _instance(req, server_id, action)
    if instance.vm_state not in _CHANGEABLE:
        raise exception.InstanceInvalidState(
            attr='vm_state', instance_uuid=instance.uuid,
            state=instance.vm_state, action=what)
    return instance


def _names(tags):
    return [t.tag for t in tags]


def _check_tag(tag):
    try:
        validation.validate(schema.tag, tag, 'path')
    except exception.ValidationError as error:
        raise wsgi.Fault(400, 'Tag \'%s\' is invalid: it must be a non-empty '
                              'string of at most 60 characters without \'/\' '
                              'and \',\'. %s' % (tag, error.format_message()))


@wsgi.api(errors=(403, 404), query=schema.query, min_version='2.26')
def index(req, server_id):
    instance = _instance(req, server_id, 'index')
    return {'tags': _names(objects.TagList.get_by_resource_id(
        req.context, instance.uuid))}


@wsgi.api(success=204, errors=(403, 404), query=schema.query,
          min_version='2.26')
def show(req, server_id, tag):
    instance = _instance(req, server_id, 'show')
    if not objects.Tag.exists(req.context, instance.uuid, tag):
        raise exception.InstanceTagNotFound(instance_id=instance.uuid,
                                            tag=tag)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.update_all,
          min_version='2.26')
def update_all(req, server_id, body):
    instance = _changeable(req, server_id, 'update_all', 'update tags')
    return {'tags': _names(objects.TagList.create(
        req.context, instance.uuid, body['tags']))}


@wsgi.api(success=201, errors=(400, 403, 404, 409), min_version='2.26')
def update_tag(req, server_id, tag):
    instance = _changeable(req, server_id, 'update', 'update tag')
    _check_tag(tag)
    added = objects.Tag(context=req.context, resource_id=instance.uuid,
                        tag=tag).create()
    if not added:
        return wsgi.Response(None, status=204)
    location = '%s/tags/%s' % (
        common.resource_links(req, 'servers', instance.uuid)[0]['href'],
        tag)
    return wsgi.Response(None, headers={'Location': location})


@wsgi.api(success=204, errors=(403, 404, 409), min_version='2.26')
def delete_all(req, server_id):
    instance = _changeable(req, server_id, 'delete_all', 'delete tags')
    objects.TagList.destroy(req.context, instance.uuid)


@wsgi.api(success=204, errors=(403, 404, 409), min_version='2.26')
def delete(req, server_id, tag):
    instance = _changeable(req, server_id, 'delete', 'delete tag')
    objects.Tag.destroy(req.context, instance.uuid, tag)


ROUTES = [
    ('/servers/{server_id}/tags',
     {'GET': index, 'PUT': update_all, 'DELETE': delete_all}),
    ('/servers/{server_id}/tags/{tag}',
     {'GET': show, 'PUT': update_tag, 'DELETE': delete}),
]
