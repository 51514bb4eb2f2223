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

CONF = nova.conf.CONF


def _resize(req, api, instance, argument):
    api.resize(req.context, instance, str(argument['flavorRef']))


def _confirm_resize(req, api, instance, argument):
    api.confirm_resize(req.context, instance)
    return wsgi.Response(None, status=204)  # upstream's code for it


def _migrate_live_schema(req):
    if req.is_version('2.30'):
        return schema.migrate_live_v230
    if req.is_version('2.25'):
        return schema.migrate_live_v225
    return schema.migrate_live


def _migrate_live(req, api, instance, argument):
    block_migration = argument['block_migration']
    if block_migration != 'auto':
        block_migration = strutils.bool_from_string(block_migration,
                                                    strict=True)
    # Before 2.30 a named host is always forced (no scheduler checks).
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
    password = argument.get('adminPass')
    if password and strutils.bool_from_string(argument['onSharedStorage']):
        # Upstream: a guest on shared storage keeps its disk and password.
        raise exception.InvalidInput(
            reason='admin password can\'t be changed on existing disk')
    try:
        password = api.evacuate(req.context, instance, argument.get('host'),
                                password)
    except exception.ComputeHostNotFound as error:
        raise wsgi.Fault(404, error.format_message())
    body = {'adminPass': password} if CONF.api.enable_instance_password \
        else {}
    return wsgi.Response(body, status=200)


ACTIONS = {
    'resize': Action('os_compute_api:servers:resize', schema.resize,
                     _resize),
    'confirmResize': Action('os_compute_api:servers:confirm_resize',
                            handler=_confirm_resize),
    'revertResize': Action('os_compute_api:servers:revert_resize',
                           handler=calls('revert_resize')),
    'migrate': Action('os_compute_api:os-migrate-server:migrate',
                      handler=calls('migrate')),
    'os-migrateLive': Action('os_compute_api:os-migrate-server:migrate_live',
                             _migrate_live_schema, _migrate_live),
    'evacuate': Action('os_compute_api:os-evacuate', schema.evacuate,
                       _evacuate),
    'shelve': Action('os_compute_api:os-shelve:shelve',
                     handler=calls('shelve')),
    'shelveOffload': Action('os_compute_api:os-shelve:shelve_offload',
                            handler=calls('shelve_offload')),
    'unshelve': Action('os_compute_api:os-shelve:unshelve',
                       handler=calls('unshelve')),
}
