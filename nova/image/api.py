"""The image service facade: the built-in store or Glance, by config.

Every method speaks image dicts in the Glance v2 shape: id, name, status,
visibility, owner, size, checksum, disk_format, container_format,
min_ram, min_disk, protected, created_at, updated_at (datetimes) and
properties (a dict of the image's other properties, strings).

Daemons without database access (nova-compute) call require_http() at
start: they then always reach images over HTTP, at [glance] api_servers,
even when the built-in store serves them (nova-api's image API).
"""

import nova.conf

CONF = nova.conf.CONF

_http_only = False


class ImageEndpointMissing(Exception):
    """A daemon needing the image API over HTTP has no endpoint to use."""


def _endpoint_known():
    """Whether [glance] names the image endpoint: api_servers, an
    endpoint_override, or an auth plugin whose catalog has one."""
    return bool(CONF.glance.api_servers or CONF.glance.endpoint_override or
                CONF.glance.auth_type)


def require_http(binary):
    """Use the Glance HTTP client in this process, whatever the backend.

    Raises ImageEndpointMissing when [glance] names no endpoint.
    """
    global _http_only
    if not _endpoint_known():
        raise ImageEndpointMissing(
            '%s reaches images over HTTP but [glance] api_servers is '
            'empty: set it to the image API endpoint (with [glance] '
            'backend = local, the image API of nova-api at '
            'http://<image_api_listen>:<image_api_listen_port>)' % binary)
    _http_only = True


def check_backend():
    """Raise ImageEndpointMissing when [glance] backend = glance names no
    Glance: every image call would fail later, so the daemon must not
    start."""
    if CONF.glance.backend == 'glance' and not _endpoint_known():
        raise ImageEndpointMissing(
            '[glance] backend = glance but [glance] api_servers is empty: '
            'set it to the Glance v2 endpoint (http://<host>:9292)')


def uses_http():
    return _http_only or CONF.glance.backend == 'glance'


class API:
    """get / get_all / create / update / delete / download images."""

    def __init__(self):
        if uses_http():
            from nova.image import glance
            self._backend = glance.GlanceBackend()
        else:
            from nova.image import local
            self._backend = local.LocalStore()

    def get(self, context, image_id):
        """The image dict; ImageNotFound when missing or not visible."""
        return self._backend.get(context, image_id)

    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_key='created_at', sort_dir='desc'):
        return self._backend.get_all(context, filters=filters, limit=limit,
                                     marker=marker, sort_key=sort_key,
                                     sort_dir=sort_dir)

    def create(self, context, image_meta, data=None):
        return self._backend.create(context, image_meta, data=data)

    def update(self, context, image_id, image_meta, purge_props=False):
        _changed(image_id)
        return self._backend.update(context, image_id, image_meta,
                                    purge_props=purge_props)

    def delete(self, context, image_id):
        _changed(image_id)
        return self._backend.delete(context, image_id)

    def upload(self, context, image_id, data):
        """Store the bytes of a queued image; returns the active image."""
        _changed(image_id)
        return self._backend.upload(context, image_id, data)

    def download(self, context, image_id):
        """An iterator of the image's bytes."""
        return self._backend.download(context, image_id)


def _changed(image_id):
    # Servers created from now on see the change (nova.image.boot_cache).
    from nova.image import boot_cache
    boot_cache.forget(image_id)
