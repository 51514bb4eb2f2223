"""The metadata service's WSGI app: the trees of content.py over HTTP."""

import threading
import time

from oslo_log import log as logging
import webob
import webob.dec

from nova.api import body_limit
from nova.api import input_check
from nova.api import operations
from nova.api.metadata import content
from nova.api.metadata import gather
from nova.api.metadata import lookup
from nova.compute import password as password_store
from nova import context as nova_context
from nova import outages

LOG = logging.getLogger(__name__)

# OpenStack versions that have the password file.
PASSWORD_SINCE = '2013-04-04'


def _text(body, status=200, content_type='text/plain'):
    if isinstance(body, str):
        body = body.encode()
    return webob.Response(body=body, status=status,
                          content_type=content_type, charset=None)


def _error(status, message):
    return _text(message + '\n', status=status)


def _listing(node):
    """A directory listing: subtrees end with "/"."""
    names = []
    for key, value in node.items():
        if isinstance(value, dict):
            # public-keys lists "0=name" while its path is "0/".
            names.append(key if '=' in key else key + '/')
        else:
            names.append(key)
    return '\n'.join(sorted(names))


def _walk(node, parts):
    """The node at path parts of an EC2 tree, or None."""
    for part in parts:
        if not isinstance(node, dict):
            return None
        if part in node:
            node = node[part]
            continue
        # public-keys/0/ stands for the key "0=name".
        matches = [v for k, v in node.items()
                   if '=' in k and k.split('=', 1)[0] == part]
        if not matches:
            return None
        node = matches[0]
    return node


def _render(node):
    if isinstance(node, dict):
        return _text(_listing(node))
    if isinstance(node, (list, tuple)):
        return _text('\n'.join(str(v) for v in node))
    return _text(str(node))


class _Cache:
    """Sources per instance uuid for a few seconds; readers share it."""

    def __init__(self, ttl):
        self.ttl = ttl
        self._items = {}
        self._lock = threading.Lock()

    def get(self, uuid):
        with self._lock:
            item = self._items.get(uuid)
        if item and time.monotonic() - item[0] < self.ttl:
            return item[1]
        return None

    def put(self, uuid, sources):
        if self.ttl:
            with self._lock:
                self._items[uuid] = (time.monotonic(), sources)

    def drop(self, uuid):
        with self._lock:
            self._items.pop(uuid, None)


class MetadataApp:
    """Answers a guest's metadata requests for the guest asking."""

    def __init__(self, conf):
        self.conf = conf
        self.cache = _Cache(conf.metadata.cache_expiration)

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return self._answer(req)
        except Exception as error:
            message = outages.message(error)
            if message is None:
                raise
            LOG.warning('Metadata request answered 503: %s: %s',
                        type(error).__name__, error)
            resp = _error(503, message)
            resp.headers['Retry-After'] = outages.retry_after()
            return resp

    def _answer(self, req):
        if req.method not in ('GET', 'HEAD', 'POST'):
            return _error(405, 'Method not allowed.')
        parts = [p for p in req.path_info.split('/') if p]
        if not parts:
            return _text('\n'.join(content.EC2_VERSIONS +
                                   (content.LATEST,)))
        context = nova_context.get_admin_context()
        try:
            instance = lookup.find(context, req.remote_addr, req.headers)
        except lookup.Forbidden as e:
            LOG.warning('Metadata request from %s refused: %s',
                        req.remote_addr, e)
            return _error(403, str(e))
        except lookup.NotFound as e:
            return _error(404, str(e))
        if parts[0] == 'openstack':
            return self._openstack(req, context, instance, parts[1:])
        if req.method == 'POST':
            return _error(405, 'Method not allowed.')
        return self._ec2(context, instance, parts)

    def _sources(self, context, instance):
        sources = self.cache.get(instance.uuid)
        if sources is None:
            sources = gather.gather(context, instance)
            self.cache.put(instance.uuid, sources)
        return sources

    def _ec2(self, context, instance, parts):
        version = parts[0]
        if version not in content.EC2_VERSIONS + (content.LATEST,):
            return _error(404, 'Unknown EC2 metadata version %s.' % version)
        sources = self._sources(context, instance)
        if len(parts) == 1:
            names = ['meta-data/']
            if content.user_data(sources) is not None:
                names.append('user-data')
            return _text('\n'.join(names))
        if parts[1] == 'user-data' and len(parts) == 2:
            data = content.user_data(sources)
            if data is None:
                return _error(404, 'This instance has no user data.')
            return _text(data, content_type='application/octet-stream')
        if parts[1] != 'meta-data':
            return _error(404, 'Not found: %s.' % '/'.join(parts))
        node = _walk(content.ec2_meta_data(sources, version), parts[2:])
        if node is None:
            return _error(404, 'Not found: %s.' % '/'.join(parts))
        return _render(node)

    def _openstack(self, req, context, instance, parts):
        versions = content.OPENSTACK_VERSIONS + (content.LATEST,)
        if not parts:
            return _text('\n'.join(versions))
        version = parts[0]
        if version not in versions:
            return _error(404, 'Unknown OpenStack metadata version %s.'
                          % version)
        has_password = version == content.LATEST or \
            version >= PASSWORD_SINCE
        if len(parts) == 2 and parts[1] == content.PASSWORD and \
                has_password:
            return self._password(req, context, instance)
        if req.method == 'POST':
            return _error(405, 'Method not allowed.')
        files = content.openstack_files(self._sources(context, instance),
                                        version)
        if len(parts) == 1:
            names = sorted(files) + ([content.PASSWORD] if has_password
                                     else [])
            return _text('\n'.join(names))
        if len(parts) != 2 or parts[1] not in files:
            return _error(404, 'Not found: %s.' % '/'.join(parts))
        kind = 'application/json' if parts[1].endswith('.json') else \
            'application/octet-stream'
        return _text(files[parts[1]], content_type=kind)

    def _password(self, req, context, instance):
        if req.method != 'POST':
            return _text(password_store.extract(instance.system_metadata))
        body = req.body.decode('utf-8', 'replace')
        if '\x00' in body:
            return _error(400, 'The password contains a NUL character.')
        if len(body) > password_store.MAX_LENGTH:
            return _error(400, 'The password is longer than %d characters.'
                          % password_store.MAX_LENGTH)
        if password_store.extract(instance.system_metadata):
            return _error(409, 'The password is already set; the owner '
                               'clears it with "nova clear-password".')
        password_store.store(instance, body)
        self.cache.drop(instance.uuid)
        return _text('')


def loadapp(conf):
    """The metadata service as one WSGI app, configured by conf."""
    return body_limit.declare(operations.wrap(input_check.Guard(
        body_limit.BodyLimit(MetadataApp(conf), conf), _reject), conf,
        'metadata'))


def _reject(environ, start_response, message):
    return _error(400, message)(environ, start_response)
