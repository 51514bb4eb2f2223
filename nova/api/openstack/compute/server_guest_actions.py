"""Actions on the guest where it runs: rescue, unrescue, rebuild,
changePassword, createImage, createBackup, os-getConsoleOutput,
os-resetState, injectNetworkInfo, resetNetwork, restore, forceDelete
(dispatched by server_actions)."""

from oslo_utils import strutils

import nova.conf
from nova.api.openstack.compute.actions import Action
from nova.api.openstack.compute.actions import calls
from nova.api.openstack.compute import image_metadata
from nova.api.openstack.compute import images
from nova.api.openstack.compute.schemas import server_guest_actions as schema
from nova.api.openstack.compute.views import servers as views
from nova.api.openstack import wsgi
from nova.compute import api as compute_api
from nova.compute import vm_states
from nova import exception
from nova import quota

CONF = nova.conf.CONF


def _password_body(password):
    """{'adminPass': ...}, or nothing when passwords are not shown."""
    return {'adminPass': password} if CONF.api.enable_instance_password \
        else {}


def _not_implemented(what):
    return wsgi.Fault(501, 'Unable to %s: the hypervisor of this server '
                           'does not support it.' % what)


def _rescue(req, api, instance, argument):
    argument = argument or {}
    password = argument.get('adminPass') or compute_api.generate_password()
    api.rescue(req.context, instance, rescue_password=password,
               rescue_image_ref=argument.get('rescue_image_ref'),
               allow_bfv_rescue=req.is_version('2.87'))
    return wsgi.Response(_password_body(password), status=200)


def _rebuild(req, api, instance, argument):
    password = argument.get('adminPass') or compute_api.generate_password()
    changes = {}
    for key, field in (('name', 'display_name'), ('metadata', 'metadata'),
                       ('accessIPv4', 'access_ip_v4'),
                       ('accessIPv6', 'access_ip_v6'),
                       ('description', 'display_description'),
                       ('key_name', 'key_name'),
                       ('user_data', 'user_data'),
                       ('trusted_image_certificates', 'trusted_certs'),
                       ('hostname', 'hostname')):
        if key in argument:
            changes[field] = argument[key] or (
                {} if key == 'metadata' else None)
    api.rebuild(req.context, instance, argument['imageRef'], password,
                preserve_ephemeral=strutils.bool_from_string(
                    argument.get('preserve_ephemeral', False)),
                reimage_boot_volume=req.is_version('2.93'),
                disk_config=argument.get('OS-DCF:diskConfig'), **changes)
    server = views.after_change(req, instance)
    # The rebuild's answer shows what 2.54 and 2.57 let it change.
    if req.is_version('2.54'):
        server['key_name'] = instance.key_name
    if req.is_version('2.57'):
        # user_data is its own key here: the administrators' extended
        # attribute repeating it (2.75's full view) is left out, as
        # upstream's rebuild answer does.
        server.pop('OS-EXT-SRV-ATTR:user_data', None)
        server['user_data'] = instance.user_data
    server.update(_password_body(password))
    return wsgi.Response({'server': server}, status=202)


def _change_password(req, api, instance, argument):
    try:
        api.set_admin_password(req.context, instance, argument['adminPass'])
    except NotImplementedError:
        raise _not_implemented('set the admin password')


def _image_location(req, image):
    """Where the new image is: a Location header up to 2.44, from 2.45
    the body {"image_id": ...} without the header, as upstream."""
    if req.is_version('2.45'):
        return wsgi.Response({'image_id': image['id']}, status=202)
    return wsgi.Response(None, status=202, headers={
        'Location': '%s/images/%s' % (images._image_service_url(req),
                                      image['id'])})


def _check_image_metadata(req, argument):
    """Up to 2.38 the image's metadata counts against metadata_items, as
    the image-metadata proxy's did (upstream dropped both in 2.39)."""
    metadata = argument.get('metadata')
    if metadata and not req.is_version(image_metadata.PROXY_END_VERSION):
        try:
            quota.check_metadata(req.context, metadata)
        except exception.MetadataLimitExceeded:
            raise wsgi.Fault(403, 'Image metadata limit exceeded')


def _create_image(req, api, instance, argument):
    _check_image_metadata(req, argument)
    image = api.snapshot(req.context, instance, argument['name'],
                         extra_properties=argument.get('metadata'))
    return _image_location(req, image)


def _create_backup(req, api, instance, argument):
    _check_image_metadata(req, argument)
    image = api.backup(req.context, instance, argument['name'],
                       argument['backup_type'], int(argument['rotation']),
                       extra_properties=argument.get('metadata'))
    return _image_location(req, image)


def _console_output(req, api, instance, argument):
    length = (argument or {}).get('length')
    length = None if length is None or int(length) == -1 else int(length)
    try:
        output = api.get_console_output(req.context, instance, length)
    except NotImplementedError:
        raise _not_implemented('get the console output')
    return wsgi.Response({'output': output}, status=200)


def _reset_state(req, api, instance, argument):
    state = {'active': vm_states.ACTIVE,
             'error': vm_states.ERROR}[argument['state']]
    api.reset_state(req.context, instance, state)


ACTIONS = {
    'rescue': Action('os_compute_api:os-rescue', schema.rescue, _rescue),
    'unrescue': Action('os_compute_api:os-unrescue',
                       handler=calls('unrescue')),
    'rebuild': (
        Action('os_compute_api:servers:rebuild', schema.rebuild, _rebuild,
               max_version='2.18'),
        Action('os_compute_api:servers:rebuild', schema.rebuild_v219,
               _rebuild, min_version='2.19', max_version='2.53'),
        Action('os_compute_api:servers:rebuild', schema.rebuild_v254,
               _rebuild, min_version='2.54', max_version='2.56'),
        Action('os_compute_api:servers:rebuild', schema.rebuild_v257,
               _rebuild, min_version='2.57', max_version='2.62'),
        Action('os_compute_api:servers:rebuild', schema.rebuild_v263,
               _rebuild, min_version='2.63', max_version='2.89'),
        Action('os_compute_api:servers:rebuild', schema.rebuild_v290,
               _rebuild, min_version='2.90', max_version='2.93'),
        Action('os_compute_api:servers:rebuild', schema.rebuild_v294,
               _rebuild, min_version='2.94')),
    'changePassword': Action('os_compute_api:os-admin-password',
                             schema.change_password, _change_password),
    'createImage': Action('os_compute_api:servers:create_image',
                          schema.create_image, _create_image),
    'createBackup': Action('os_compute_api:os-create-backup',
                           schema.create_backup, _create_backup),
    'os-getConsoleOutput': Action('os_compute_api:os-console-output',
                                  schema.console_output, _console_output),
    'os-resetState': Action('os_compute_api:os-admin-actions:reset_state',
                            schema.reset_state, _reset_state),
    'injectNetworkInfo': Action(
        'os_compute_api:os-admin-actions:inject_network_info',
        handler=calls('inject_network_info')),
    'resetNetwork': Action('os_compute_api:os-admin-actions:reset_network',
                           handler=calls('reset_network')),
    'trigger_crash_dump': Action(
        'os_compute_api:servers:trigger_crash_dump',
        handler=calls('trigger_crash_dump'), min_version='2.17'),
    'restore': Action('os_compute_api:os-deferred-delete:restore',
                      handler=calls('restore')),
    'forceDelete': Action('os_compute_api:os-deferred-delete:force',
                          handler=calls('force_delete')),
}
