"""The volume API on Cinder v3 (attachments API 3.44) over a
keystoneauth session ([cinder] session options): the caller's token, plus
a service token when [service_user] send_service_user_token is set."""

import threading

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import session as ks_session

import nova.conf
from nova import exception as nova_exception
from nova import service_auth
from nova.volume import exception

CONF = nova.conf.CONF
MICROVERSION = '3.44'
# os-reimage (a volume rewritten from an image, for rebuilds of
# volume-backed servers) came with 3.68.
REIMAGE_MICROVERSION = '3.68'

_LOCK = threading.Lock()
_SESSION = None


def _session():
    global _SESSION
    with _LOCK:
        if _SESSION is None:
            conf = CONF.cinder
            auth = ks_loading.load_auth_from_conf_options(CONF, 'cinder')
            # keystoneauth's loader would read a [cinder] timeout: the
            # section's is http_timeout.
            verify = False if conf.insecure else (conf.cafile or True)
            cert = (conf.certfile, conf.keyfile) if conf.certfile and \
                conf.keyfile else conf.certfile
            _SESSION = ks_session.Session(
                auth=auth, verify=verify, cert=cert,
                timeout=conf.http_timeout,
                collect_timing=conf.collect_timing,
                split_loggers=conf.split_loggers)
        return _SESSION


def reset():
    """Forget the session (tests change the options)."""
    global _SESSION
    with _LOCK:
        _SESSION = None


def _as_tuple(version):
    try:
        return tuple(int(part) for part in version.split('.'))
    except (AttributeError, ValueError):
        return (0,)


class API:
    """Volumes of a Cinder v3 endpoint ([cinder] endpoint)."""

    def _url(self, context, path):
        if not CONF.cinder.endpoint:
            raise exception.VolumeServiceUnavailable(
                reason='[cinder] endpoint is not set')
        base = CONF.cinder.endpoint % {'project_id': context.project_id}
        return base.rstrip('/') + path

    def _request(self, context, method, path, json=None, not_found=None,
                 microversion=MICROVERSION):
        headers = {'Accept': 'application/json',
                   'OpenStack-API-Version': 'volume %s' % microversion}
        auth = service_auth.get_auth_plugin(context)
        try:
            resp = _session().request(
                self._url(context, path), method, json=json, headers=headers,
                auth=auth, authenticated=auth is not None, raise_exc=False,
                timeout=CONF.cinder.http_timeout)
        except ks_exc.ClientException as error:
            raise exception.VolumeServiceUnavailable(reason=str(error))
        if resp.status_code == 404 and not_found is not None:
            raise not_found
        if resp.status_code == 413 or resp.status_code == 403:
            raise nova_exception.OverQuota(
                message=self._message(resp) or 'Quota exceeded')
        if resp.status_code == 400:
            raise exception.InvalidVolume(reason=self._message(resp))
        if resp.status_code >= 300:
            raise exception.VolumeServiceUnavailable(
                reason='%s %s: %s %s' % (method, path, resp.status_code,
                                         self._message(resp)))
        return resp.json() if resp.content else None

    @staticmethod
    def _message(resp):
        try:
            body = resp.json()
            return next(iter(body.values())).get('message', resp.text)
        except (ValueError, AttributeError, StopIteration):
            return resp.text

    # Volumes ----------------------------------------------------------

    def get(self, context, volume_id):
        return self._request(
            context, 'GET', '/volumes/%s' % volume_id,
            not_found=exception.VolumeNotFound(volume_id=volume_id))['volume']

    def get_all(self, context, all_projects=False):
        path = '/volumes/detail' + ('?all_tenants=1' if all_projects else '')
        return self._request(context, 'GET', path)['volumes']

    def create(self, context, size, name=None, description=None,
               snapshot_id=None, volume_type=None, metadata=None,
               availability_zone=None, image_id=None, source_volid=None,
               multiattach=False):
        body = {'size': size, 'name': name, 'description': description,
                'snapshot_id': snapshot_id, 'volume_type': volume_type,
                'metadata': metadata or {}, 'imageRef': image_id,
                'source_volid': source_volid,
                'availability_zone': availability_zone}
        body = {k: v for k, v in body.items() if v is not None}
        if multiattach:
            body['multiattach'] = True
        return self._request(context, 'POST', '/volumes',
                             json={'volume': body})['volume']

    def update(self, context, volume_id, **changes):
        """Change name, description or metadata (the keys given)."""
        return self._request(
            context, 'PUT', '/volumes/%s' % volume_id,
            json={'volume': changes},
            not_found=exception.VolumeNotFound(volume_id=volume_id))['volume']

    def delete(self, context, volume_id):
        self._request(context, 'DELETE', '/volumes/%s' % volume_id,
                      not_found=exception.VolumeNotFound(
                          volume_id=volume_id))

    def extend(self, context, volume_id, new_size):
        self._request(context, 'POST', '/volumes/%s/action' % volume_id,
                      json={'os-extend': {'new_size': new_size}})

    def upload_to_image(self, context, volume_id, image_name,
                        disk_format='raw', container_format='bare'):
        return self._request(
            context, 'POST', '/volumes/%s/action' % volume_id,
            json={'os-volume_upload_image': {
                'image_name': image_name, 'disk_format': disk_format,
                'container_format': container_format}})[
            'os-volume_upload_image']

    def reimage(self, context, volume_id, image_id, reimage_reserved=False):
        """os-reimage: Cinder rewrites the volume from the image (it is
        'downloading' meanwhile)."""
        self._request(context, 'POST', '/volumes/%s/action' % volume_id,
                      json={'os-reimage': {
                          'image_id': image_id,
                          'reimage_reserved': reimage_reserved}},
                      not_found=exception.VolumeNotFound(
                          volume_id=volume_id),
                      microversion=REIMAGE_MICROVERSION)

    def check_reimage(self, context):
        """ReimageNotSupported when the endpoint's newest microversion is
        below 3.68 (its version document, at the endpoint's version
        root)."""
        url = self._url(context, '')
        root = url[:url.index('/v3') + 3] + '/' if '/v3' in url else url
        auth = service_auth.get_auth_plugin(context)
        try:
            resp = _session().get(
                root, headers={'Accept': 'application/json'}, auth=auth,
                authenticated=auth is not None, raise_exc=False,
                timeout=CONF.cinder.http_timeout)
            body = resp.json()
            # {"version": {...}} or, as Cinder answers, {"versions": [...]}
            found = [body['version']] if body.get('version') else \
                body.get('versions') or []
            version = max((v.get('version') or '' for v in found),
                          key=_as_tuple, default=None)
        except ks_exc.ClientException as error:
            raise exception.VolumeServiceUnavailable(reason=str(error))
        except (ValueError, AttributeError):
            version = None
        if not version or _as_tuple(version) < \
                _as_tuple(REIMAGE_MICROVERSION):
            raise exception.ReimageNotSupported(
                reason='the Cinder endpoint offers microversions up to %s; '
                       'reimaging needs %s' % (version or 'unknown',
                                               REIMAGE_MICROVERSION))

    # Snapshots --------------------------------------------------------

    def get_snapshot(self, context, snapshot_id):
        return self._request(
            context, 'GET', '/snapshots/%s' % snapshot_id,
            not_found=exception.SnapshotNotFound(
                snapshot_id=snapshot_id))['snapshot']

    def get_all_snapshots(self, context, all_projects=False):
        path = '/snapshots/detail' + ('?all_tenants=1' if all_projects
                                      else '')
        return self._request(context, 'GET', path)['snapshots']

    def create_snapshot(self, context, volume_id, name=None,
                        description=None, force=False):
        return self._request(context, 'POST', '/snapshots', json={
            'snapshot': {'volume_id': volume_id, 'name': name,
                         'description': description, 'force': force}})[
            'snapshot']

    def delete_snapshot(self, context, snapshot_id):
        self._request(context, 'DELETE', '/snapshots/%s' % snapshot_id,
                      not_found=exception.SnapshotNotFound(
                          snapshot_id=snapshot_id))

    def get_all_volume_types(self, context):
        return self._request(context, 'GET', '/types')['volume_types']

    # Attachments (Cinder's 3.44 attachments API) ----------------------

    def attachment_create(self, context, volume_id, instance_uuid):
        return self._request(context, 'POST', '/attachments', json={
            'attachment': {'volume_uuid': volume_id,
                           'instance_uuid': instance_uuid}},
            not_found=exception.VolumeNotFound(
                volume_id=volume_id))['attachment']

    def attachment_update(self, context, attachment_id, volume_id,
                          connector):
        return self._request(
            context, 'PUT', '/attachments/%s' % attachment_id,
            json={'attachment': {'connector': connector}})[
            'attachment']['connection_info']

    def attachment_complete(self, context, attachment_id, mountpoint=None):
        self._request(context, 'POST',
                      '/attachments/%s/action' % attachment_id,
                      json={'os-complete': None})

    def attachment_delete(self, context, attachment_id):
        try:
            self._request(context, 'DELETE',
                          '/attachments/%s' % attachment_id,
                          not_found=exception.VolumeAttachmentNotFound(
                              attachment_id=attachment_id))
        except exception.VolumeAttachmentNotFound:
            pass  # already gone: detach is idempotent

    def begin_detaching(self, context, volume_id):
        pass

    def roll_detaching(self, context, volume_id):
        pass
