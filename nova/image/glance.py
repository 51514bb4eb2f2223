"""The image service client of a Glance v2 API ([glance] backend = glance).

Speaks the same image dicts as the built-in store (see nova/image/api.py)
over a keystoneauth session ([glance] session options). The caller's
token is forwarded, with a service token of the [service_user] when
send_service_user_token is set (nova.service_auth); without one (noauth2)
the caller's user and project go in the headers noauth2 reads. Each
request tries the next of [glance] api_servers when it cannot connect;
without api_servers the endpoint comes from the catalog ([glance]
auth_type and the adapter options, service type image).
"""

import hashlib
import re
import threading

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import timeutils

import nova.conf
from nova import exception
from nova.image import attributes
from nova import service_auth

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

PATCH_TYPE = 'application/openstack-images-v2.1-json-patch'
CHUNK = 64 * 1024


class GlanceUnavailable(exception.NovaException):
    msg_fmt = 'The image service is unavailable: %(reason)s'
    code = 503
    safe = True


def _message(resp):
    """The error text of a Glance error response (JSON, HTML or text)."""
    try:
        text = resp.json().get('message') or resp.text
    except ValueError:
        text = resp.text
    text = re.sub(r'<[^>]+>', ' ', text or '')
    return ' '.join(text.split()) or resp.reason


def _error(resp, image_id):
    message = _message(resp)
    status = resp.status_code
    if status == 404 and image_id:
        return exception.ImageNotFound(image_id=image_id)
    if status == 404:
        return exception.NotFound(message)
    if status in (401, 403):
        return exception.NotAuthorized(message)
    if status == 409:
        return exception.Conflict(message)
    if status == 413:
        return exception.ImageTooLarge(message)
    if status == 503:
        return GlanceUnavailable(reason=message)
    if 400 <= status < 500:
        return exception.Invalid(reason=message)
    return exception.NovaException('Glance answered %d: %s'
                                   % (status, message))


def _time(value):
    if not value:
        return None
    return timeutils.normalize_time(timeutils.parse_isotime(value))


def to_image(body):
    """A Glance v2 image (JSON) as an image dict."""
    image = {key: body.get(key) for key in attributes.CORE}
    image['created_at'] = _time(body.get('created_at'))
    image['updated_at'] = _time(body.get('updated_at'))
    image['tags'] = list(body.get('tags') or [])
    # Only what a client may send back: Glance's read-only names
    # (stores, os_glance_*) taken for properties made every update that
    # sends them back fail (409 on PATCH, 403 on create).
    image['properties'] = {k: v for k, v in body.items()
                           if attributes.is_property(k)}
    return image


def _pointer(name):
    return '/' + name.replace('~', '~0').replace('/', '~1')


def _patch(current, image_meta, purge_props):
    """JSON-patch operations turning current into image_meta."""
    ops = []
    for key, value in image_meta.items():
        if key in ('properties', 'tags', 'created_at', 'updated_at') or \
                value == current.get(key):
            continue
        if key in attributes.READ_ONLY:
            raise exception.NotAuthorized('Attribute \'%s\' is read-only.'
                                          % key)
        if key not in attributes.WRITABLE:
            raise exception.Invalid(reason='Unknown image attribute %s'
                                    % key)
        ops.append({'op': 'replace', 'path': _pointer(key), 'value': value})
    tags = image_meta.get('tags')
    if tags is not None and sorted(tags) != sorted(current['tags']):
        ops.append({'op': 'replace', 'path': '/tags', 'value': list(tags)})
    properties = image_meta.get('properties')
    old = current['properties']
    if properties is not None:
        properties = {k: v for k, v in properties.items()
                      if attributes.is_property(k)}
        for name, value in properties.items():
            value = None if value is None else str(value)
            if name not in old:
                ops.append({'op': 'add', 'path': _pointer(name),
                            'value': value})
            elif old[name] != value:
                ops.append({'op': 'replace', 'path': _pointer(name),
                            'value': value})
    if purge_props:
        for name in set(old) - set(properties or {}):
            ops.append({'op': 'remove', 'path': _pointer(name)})
    return ops


def _query(filters, limit, marker, sort_key, sort_dir):
    params = [('limit', limit)] if limit is not None else []
    if marker:
        params.append(('marker', marker))
    keys = [sort_key] if isinstance(sort_key, str) else list(sort_key)
    dirs = [sort_dir] if isinstance(sort_dir, str) else list(sort_dir)
    params += [('sort_key', k) for k in keys] + [('sort_dir', d)
                                                 for d in dirs]
    for key, value in (filters or {}).items():
        if key in ('changes-since', 'changes_since'):
            if not isinstance(value, str):
                value = value.strftime('%Y-%m-%dT%H:%M:%SZ')
            params.append(('updated_at', 'gte:' + value))
        elif key in ('properties',):
            params += list(value.items())
        elif key.startswith('property-'):
            params.append((key[len('property-'):], value))
        elif key in ('tags', 'tag'):
            params += [('tag', t) for t in ([value] if isinstance(value, str)
                                            else value)]
        elif isinstance(value, bool):
            params.append((key, 'true' if value else 'false'))
        elif isinstance(value, (list, tuple, set)):
            params.append((key, 'in:' + ','.join(value)))
        else:
            params.append((key, value))
    return params


_LOCK = threading.Lock()
_ADAPTER = None


def _adapter():
    """The [glance] session and adapter, loaded once per process."""
    global _ADAPTER
    with _LOCK:
        if _ADAPTER is None:
            auth = ks_loading.load_auth_from_conf_options(CONF, 'glance')
            session = ks_loading.load_session_from_conf_options(
                CONF, 'glance', auth=auth)
            _ADAPTER = ks_loading.load_adapter_from_conf_options(
                CONF, 'glance', session=session, auth=auth)
        return _ADAPTER


def reset():
    """Forget the session (tests change the options)."""
    global _ADAPTER
    with _LOCK:
        _ADAPTER = None


def catalog_endpoint():
    """The image endpoint the [glance] adapter finds (endpoint_override or
    the catalog of its auth), None when it finds none."""
    adapter = _adapter()
    try:
        return adapter.get_endpoint()
    except ks_exc.ClientException as error:
        LOG.warning('No image endpoint in the catalog: %s', error)
        return None


class GlanceBackend:
    """get / get_all / create / update / delete / upload / download."""

    def __init__(self, endpoints=None):
        self._endpoints = endpoints
        self._session = _adapter().session

    @property
    def endpoints(self):
        servers = self._endpoints or CONF.glance.api_servers
        if not servers:
            found = catalog_endpoint()
            servers = [found] if found else []
        if not servers:
            raise GlanceUnavailable(reason='[glance] api_servers is empty '
                                    'and the catalog has no image endpoint')
        return [s if '://' in s else 'http://' + s for s in servers]

    def _headers(self, context):
        if context.auth_token:
            return {'X-Auth-Token': context.auth_token}
        headers = {}
        if context.user_id:
            headers['X-Auth-User'] = context.user_id
        if context.project_id:
            headers['X-Auth-Project-Id'] = context.project_id
        return headers

    def _request(self, context, method, path, image_id=None, headers=None,
                 **kwargs):
        auth = service_auth.get_auth_plugin(context)
        base = {} if auth is not None else self._headers(context)
        headers = dict(base, **(headers or {}))
        if context.request_id:
            headers['X-OpenStack-Request-ID'] = context.request_id
        reason = None
        for endpoint in self.endpoints:
            url = endpoint.rstrip('/') + path
            try:
                resp = self._session.request(
                    url, method, headers=headers, auth=auth,
                    authenticated=auth is not None, raise_exc=False,
                    timeout=CONF.glance.timeout, connect_retries=0,
                    **kwargs)
            except ks_exc.ConnectTimeout as error:
                raise GlanceUnavailable(reason='%s timed out: %s'
                                        % (url, error))
            except ks_exc.ConnectFailure as error:
                LOG.warning('Cannot reach the image service at %s: %s',
                            endpoint, error)
                reason = str(error)
                continue
            except ks_exc.ConnectionError as error:
                raise GlanceUnavailable(reason=str(error))
            if resp.status_code >= 400:
                raise _error(resp, image_id)
            return resp
        raise GlanceUnavailable(reason=reason)

    def get(self, context, image_id):
        return to_image(self._request(context, 'GET', '/v2/images/%s'
                                      % image_id, image_id).json())

    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_key='created_at', sort_dir='desc'):
        """One page when limit is given, else every page Glance has."""
        params = _query(filters, limit, marker, sort_key, sort_dir)
        body = self._request(context, 'GET', '/v2/images',
                             params=params).json()
        images = [to_image(i) for i in body['images']]
        while limit is None and body.get('next'):
            body = self._request(context, 'GET', body['next']).json()
            images.extend(to_image(i) for i in body['images'])
        return images

    def create(self, context, image_meta, data=None):
        body = {k: v for k, v in image_meta.items()
                if k in attributes.WRITABLE + ('id', 'tags') and
                v is not None}
        body.update({k: str(v) for k, v in
                     (image_meta.get('properties') or {}).items()
                     if v is not None and attributes.is_property(k)})
        image = to_image(self._request(context, 'POST', '/v2/images',
                                       json=body).json())
        if data is not None:
            image = self.upload(context, image['id'], data)
        return image

    def update(self, context, image_id, image_meta, purge_props=False):
        current = self.get(context, image_id)
        ops = _patch(current, image_meta, purge_props)
        if not ops:
            return current
        resp = self._request(
            context, 'PATCH', '/v2/images/%s' % image_id, image_id,
            headers={'Content-Type': PATCH_TYPE},
            data=jsonutils.dump_as_bytes(ops))
        return to_image(resp.json())

    def delete(self, context, image_id):
        self._request(context, 'DELETE', '/v2/images/%s' % image_id,
                      image_id)

    def add_tag(self, context, image_id, tag):
        self._request(context, 'PUT', '/v2/images/%s/tags/%s'
                      % (image_id, tag), image_id)

    def remove_tag(self, context, image_id, tag):
        self._request(context, 'DELETE', '/v2/images/%s/tags/%s'
                      % (image_id, tag), image_id)

    def upload(self, context, image_id, data):
        self._request(context, 'PUT', '/v2/images/%s/file' % image_id,
                      image_id,
                      headers={'Content-Type': 'application/octet-stream'},
                      data=data)
        return self.get(context, image_id)

    def download(self, context, image_id):
        """The image's bytes, checked against the md5 Glance sends."""
        resp = self._request(context, 'GET', '/v2/images/%s/file'
                             % image_id, image_id, stream=True)
        if resp.status_code == 204:
            raise exception.ImageNotActive(image_id=image_id)
        return _verified(resp, image_id)


def _verified(resp, image_id):
    expected = resp.headers.get('Content-MD5')
    md5 = hashlib.md5(usedforsecurity=False)
    with resp:
        for chunk in resp.iter_content(CHUNK):
            md5.update(chunk)
            yield chunk
    if expected and md5.hexdigest() != expected:
        raise exception.NovaException(
            'Image %s was corrupted in transfer: md5 %s, expected %s'
            % (image_id, md5.hexdigest(), expected))
