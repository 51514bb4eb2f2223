"""Actions that move a server between hosts: resize, confirmResize,
revertResize, migrate, os-migrateLive, evacuate, shelve, shelveOffload,
unshelve (dispatched by server_actions)."""

from oslo_utils import strutils

import nova.conf
from nova.api.openstack.compute.actions import Action
from nova.api.openstack.compute.actions import calls
from nova.api.openstack.compute.schemas import server_move_actions as schema
from nova.api.openstack import wsgi
from nova import exception
from nova import policy

CONF = nova.conf.CONF


def _resize(req, api, instance, argument):
    api.resize(req.context, instance, str(argument['flavorRef']),
               disk_config=argument.get('OS-DCF:diskConfig'))


def _confirm_resize(req, api, instance, argument):
    api.confirm_resize(req.context, instance)
    return wsgi.Response(None, status=204)  # upstream's code for it


def _named_host(req, instance, rule):
    """Naming the destination host is the administrators' (upstream's
    <rule>:host), even where project managers may move servers."""
    policy.authorize(req.context, 'os_compute_api:os-migrate-server:%s:host'
                     % rule, {'project_id': instance.project_id})


def _migrate(req, api, instance, argument):
    """2.56: a named host, which the scheduler still checks."""
    if (argument or {}).get('host'):
        _named_host(req, instance, 'migrate')
    try:
        api.migrate(req.context, instance,
                    host=(argument or {}).get('host'))
    except exception.ComputeHostNotFound as error:
        raise wsgi.Fault(400, error.format_message())


def _unshelve_v291(req, api, instance, argument):
    """2.91: a named host (administrators) and a zone, null to unpin;
    both only for a shelved offloaded server."""
    argument = argument or {}
    host = argument.get('host')
    if host is not None:
        policy.authorize(req.context,
                         'os_compute_api:os-shelve:unshelve_to_host',
                         {'project_id': instance.project_id})
    try:
        api.unshelve(req.context, instance, host=host,
                     new_zone='availability_zone' in argument,
                     availability_zone=argument.get('availability_zone'))
    except exception.ComputeHostNotFound as error:
        raise wsgi.Fault(400, error.format_message())


def _migrate_live_schema(req):
    if req.is_version('2.68'):
        return schema.migrate_live_v268
    if req.is_version('2.30'):
        return schema.migrate_live_v230
    if req.is_version('2.25'):
        return schema.migrate_live_v225
    return schema.migrate_live


def _migrate_live(req, api, instance, argument):
    if argument['host']:
        _named_host(req, instance, 'migrate_live')
    block_migration = argument['block_migration']
    if block_migration != 'auto':
        block_migration = strutils.bool_from_string(block_migration,
                                                    strict=True)
    # Before 2.30 a named host is always forced (no scheduler checks);
    # from 2.68 force is refused by the schema (never forced).
    force = True
    if req.is_version('2.30'):
        force = strutils.bool_from_string(argument.get('force', False),
                                          strict=True)
    # Before 2.34 the prechecks run before the answer; failures are 400s.
    wait = not req.is_version('2.34')
    try:
        api.live_migrate(req.context, instance, argument['host'],
                         block_migration, force=force, wait=wait)
    except (exception.ComputeHostNotFound, exception.NoValidHost) as error:
        raise wsgi.Fault(400, error.format_message())


def _evacuate(req, api, instance, argument):
    """Rebuild the server of a down host elsewhere (200, as upstream).

    Before 2.14 the caller says whether the disk is on shared storage and
    gets the new password back; from 2.14 the answer has no body (the
    password is the requested one or a generated one, set in the guest).
    Before 2.29 a named host is taken as it is; from 2.29 the scheduler
    checks it unless force is true; from 2.68 force is refused (always
    checked).
    """
    password = argument.get('adminPass')
    host = argument.get('host')
    if password and strutils.bool_from_string(
            argument.get('onSharedStorage', False)):
        # Upstream: a guest on shared storage keeps its disk and password.
        raise exception.InvalidInput(
            reason='admin password can\'t be changed on existing disk')
    force = True
    if req.is_version('2.29'):
        force = strutils.bool_from_string(argument.get('force', False))
        if force and host is None:
            raise exception.InvalidInput(
                reason='Can\'t force to a non-provided destination: give '
                       'the host with force.')
    try:
        # 2.95: the rebuilt server stays stopped, whatever it was.
        password = api.evacuate(req.context, instance, host, password,
                                force=force, stop=req.is_version('2.95'))
    except exception.ComputeHostNotFound as error:
        raise wsgi.Fault(404, error.format_message())
    if req.is_version('2.14') or not CONF.api.enable_instance_password:
        body = None if req.is_version('2.14') else {}
    else:
        body = {'adminPass': password}
    return wsgi.Response(body, status=200)


def _unshelve(req, api, instance, argument):
    """2.77: an offloaded server may go to another availability zone."""
    zone = (argument or {}).get('availability_zone')
    api.unshelve(req.context, instance, new_zone=zone is not None,
                 availability_zone=zone)


ACTIONS = {
    'resize': Action('os_compute_api:servers:resize', schema.resize,
                     _resize),
    'confirmResize': Action('os_compute_api:servers:confirm_resize',
                            handler=_confirm_resize),
    'revertResize': Action('os_compute_api:servers:revert_resize',
                           handler=calls('revert_resize')),
    'migrate': (
        Action('os_compute_api:os-migrate-server:migrate',
               handler=calls('migrate'), max_version='2.55'),
        Action('os_compute_api:os-migrate-server:migrate',
               schema.migrate_v256, _migrate, min_version='2.56')),
    'os-migrateLive': Action('os_compute_api:os-migrate-server:migrate_live',
                             _migrate_live_schema, _migrate_live),
    'evacuate': (
        Action('os_compute_api:os-evacuate', schema.evacuate, _evacuate,
               max_version='2.13'),
        Action('os_compute_api:os-evacuate', schema.evacuate_v214,
               _evacuate, min_version='2.14', max_version='2.28'),
        Action('os_compute_api:os-evacuate', schema.evacuate_v229,
               _evacuate, min_version='2.29', max_version='2.67'),
        Action('os_compute_api:os-evacuate', schema.evacuate_v268,
               _evacuate, min_version='2.68', max_version='2.94'),
        Action('os_compute_api:os-evacuate', schema.evacuate_v295,
               _evacuate, min_version='2.95')),
    'shelve': Action('os_compute_api:os-shelve:shelve',
                     handler=calls('shelve')),
    'shelveOffload': Action('os_compute_api:os-shelve:shelve_offload',
                            handler=calls('shelve_offload')),
    'unshelve': (
        Action('os_compute_api:os-shelve:unshelve', handler=calls('unshelve'),
               max_version='2.76'),
        Action('os_compute_api:os-shelve:unshelve', schema.unshelve_v277,
               _unshelve, min_version='2.77', max_version='2.90'),
        Action('os_compute_api:os-shelve:unshelve', schema.unshelve_v291,
               _unshelve_v291, min_version='2.91')),
}
