"""The key pairs resource: a user's SSH keys, generated or imported."""

import string

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute.schemas import keypairs as schema
from nova.api.openstack import wsgi
from nova import crypto
from nova import exception
from nova.notifications import emit as notify
from nova import objects
from nova.objects import keypair as keypair_obj
from nova import policy
from nova import quota

CONF = nova.conf.CONF

_SAFE_NAME_CHARS = set('_- ' + string.digits + string.ascii_letters)
# How upstream's API has always shown datetimes of key pairs.
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def _invalid(reason):
    return wsgi.Fault(400, 'Keypair data is invalid: %s' % reason)


def _authorize(context, user_id=None):
    """Only admins act on other users' key pairs (user_id, 2.10)."""
    policy.authorize(context, 'os_compute_api:os-keypairs',
                     {'user_id': user_id or context.user_id,
                      'project_id': context.project_id})


def _user_id(req):
    """Whose key pairs: ?user_id= from 2.10 on, else the caller's."""
    user_id = req.context.user_id
    if req.is_version('2.10'):
        user_id = req.GET.get('user_id') or user_id
    _authorize(req.context, user_id)
    return user_id


def _check_new(context, user_id, name):
    if set(name) - _SAFE_NAME_CHARS:
        raise _invalid('Keypair name contains unsafe characters')
    try:
        quota.check_deltas(context, {'key_pairs': 1}, user_id=user_id)
    except exception.OverQuota:
        raise wsgi.Fault(403, 'Quota exceeded, too many key pairs.')


def _summary(req, keypair):
    view = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if req.is_version('2.2'):
        view['type'] = keypair.type
    return view


def _time(value):
    return value.strftime(_TIME_FORMAT) if value else None


@wsgi.api(errors=(403,), query=schema.index_query, max_version='2.34')
def index(req):
    keypairs = objects.KeyPairList.get_by_user(req.context, _user_id(req))
    return {'keypairs': [{'keypair': _summary(req, k)} for k in keypairs]}


@wsgi.api(errors=(400, 403), query=schema.index_query_v235,
          min_version='2.35')
def index_v235(req):
    """One page of key pairs by name, with a next link when full."""
    context = req.context
    user_id = _user_id(req)
    limit, marker = common.pagination(req)
    if marker is not None:
        try:
            objects.KeyPair.get_by_name(context, user_id, marker)
        except exception.KeypairNotFound:
            raise exception.MarkerNotFound(marker=marker)
    keypairs = objects.KeyPairList.get_by_user(context, user_id, limit=limit,
                                               marker=marker)
    body = {'keypairs': [{'keypair': _summary(req, k)} for k in keypairs]}
    links = common.collection_links(
        req, [{'name': k.name} for k in keypairs], limit, id_key='name')
    if links:
        body['keypairs_links'] = links
    return body


def _new_key(user_id, key_type, public_key):
    """(private key or None, public key, fingerprint) of a new pair."""
    private_key = None
    if key_type == keypair_obj.KEYPAIR_TYPE_X509:
        if public_key is None:
            private_key, public_key = crypto.generate_x509_key_pair(user_id)
        return private_key, public_key, crypto.x509_fingerprint(public_key)
    if public_key is None:
        private_key, public_key = crypto.generate_key_pair()
    return private_key, public_key, crypto.fingerprint(public_key)


def _create(req, body):
    context = req.context
    params = body['keypair']
    user_id = params.get('user_id') or context.user_id
    _authorize(context, user_id)
    _check_new(context, user_id, params['name'])
    key_type = params.get('type', keypair_obj.KEYPAIR_TYPE_SSH)
    # Upstream's event: keypair.import for a given key, else create.
    action = 'import' if params.get('public_key') else 'create'
    keypair = objects.KeyPair(
        context=context, name=params['name'], user_id=user_id,
        public_key=params.get('public_key'), fingerprint=None, type=key_type)
    notify.keypair(context, keypair, action, 'start')
    private_key, public_key, fingerprint = _new_key(
        user_id, key_type, params.get('public_key'))
    keypair.public_key = public_key
    keypair.fingerprint = fingerprint
    keypair.create()  # KeyPairExists: 409
    notify.keypair(context, keypair, action, 'end')
    view = dict(_summary(req, keypair), user_id=keypair.user_id)
    if private_key is not None:
        view['private_key'] = private_key
    return {'keypair': view}


@wsgi.api(errors=(400, 403, 409), body=schema.create, max_version='2.1')
def create(req, body):
    return _create(req, body)


@wsgi.api(success=201, errors=(400, 403, 409), body=schema.create_v22,
          min_version='2.2', max_version='2.9')
def create_v22(req, body):
    return _create(req, body)


@wsgi.api(success=201, errors=(400, 403, 409), body=schema.create_v210,
          min_version='2.10')
def create_v210(req, body):
    return _create(req, body)


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, keypair_name):
    context = req.context
    keypair = objects.KeyPair.get_by_name(context, _user_id(req),
                                          keypair_name)
    view = _summary(req, keypair)
    view.update({'id': keypair.id, 'user_id': keypair.user_id,
                 'created_at': _time(keypair.created_at),
                 'updated_at': _time(keypair.updated_at),
                 'deleted_at': _time(keypair.deleted_at),
                 'deleted': keypair.deleted})
    return {'keypair': view}


def _delete(req, keypair_name):
    keypair = objects.KeyPair.get_by_name(req.context, _user_id(req),
                                          keypair_name)
    notify.keypair(req.context, keypair, 'delete', 'start')
    keypair.destroy()
    notify.keypair(req.context, keypair, 'delete', 'end')


@wsgi.api(success=202, errors=(403, 404), max_version='2.1')
def delete(req, keypair_name):
    _delete(req, keypair_name)


@wsgi.api(success=204, errors=(403, 404), min_version='2.2')
def delete_v22(req, keypair_name):
    _delete(req, keypair_name)


ROUTES = [
    ('/os-keypairs', {'GET': [index, index_v235],
                      'POST': [create, create_v22, create_v210]}),
    ('/os-keypairs/{keypair_name}', {'GET': show,
                                     'DELETE': [delete, delete_v22]}),
]
