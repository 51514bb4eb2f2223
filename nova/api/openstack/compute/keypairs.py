"""The key pairs resource: a user's SSH keys, generated or imported."""

import string

import nova.conf
from nova.api.openstack.compute.schemas import keypairs as schema
from nova.api.openstack import wsgi
from nova import crypto
from nova import objects
from nova.objects import keypair as keypair_obj
from nova import policy

CONF = nova.conf.CONF

_SAFE_NAME_CHARS = set('_- ' + string.digits + string.ascii_letters)
# How upstream's API has always shown datetimes of key pairs.
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def _invalid(reason):
    return wsgi.Fault(400, 'Keypair data is invalid: %s' % reason)


def _authorize(context):
    policy.authorize(context, 'os_compute_api:os-keypairs',
                     {'user_id': context.user_id,
                      'project_id': context.project_id})


def _check_new(context, name):
    if set(name) - _SAFE_NAME_CHARS:
        raise _invalid('Keypair name contains unsafe characters')
    limit = CONF.quota.key_pairs
    if limit >= 0 and objects.KeyPairList.get_count_by_user(
            context, context.user_id) + 1 > limit:
        raise wsgi.Fault(403, 'Quota exceeded, too many key pairs.')


def _summary(keypair):
    return {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}


def _time(value):
    return value.strftime(_TIME_FORMAT) if value else None


@wsgi.api(query=schema.index_query)
def index(req):
    context = req.context
    _authorize(context)
    keypairs = objects.KeyPairList.get_by_user(context, context.user_id)
    return {'keypairs': [{'keypair': _summary(k)} for k in keypairs]}


@wsgi.api(errors=(400, 403, 409), body=schema.create)
def create(req, body):
    context = req.context
    _authorize(context)
    params = body['keypair']
    _check_new(context, params['name'])
    private_key = None
    if 'public_key' in params:
        public_key = params['public_key']
    else:
        private_key, public_key = crypto.generate_key_pair()
    keypair = objects.KeyPair(
        context=context, name=params['name'], user_id=context.user_id,
        public_key=public_key, fingerprint=crypto.fingerprint(public_key),
        type=keypair_obj.KEYPAIR_TYPE_SSH)
    keypair.create()  # KeyPairExists: 409
    view = dict(_summary(keypair), user_id=keypair.user_id)
    if private_key is not None:
        view['private_key'] = private_key
    return {'keypair': view}


@wsgi.api(errors=(404,), query=schema.show_query)
def show(req, keypair_name):
    context = req.context
    _authorize(context)
    keypair = objects.KeyPair.get_by_name(context, context.user_id,
                                          keypair_name)
    view = _summary(keypair)
    view.update({'id': keypair.id, 'user_id': keypair.user_id,
                 'created_at': _time(keypair.created_at),
                 'updated_at': _time(keypair.updated_at),
                 'deleted_at': _time(keypair.deleted_at),
                 'deleted': keypair.deleted})
    return {'keypair': view}


@wsgi.api(success=202, errors=(404,))
def delete(req, keypair_name):
    context = req.context
    _authorize(context)
    objects.KeyPair.get_by_name(context, context.user_id,
                                keypair_name).destroy()


ROUTES = [
    ('/os-keypairs', {'GET': index, 'POST': create}),
    ('/os-keypairs/{keypair_name}', {'GET': show, 'DELETE': delete}),
]
