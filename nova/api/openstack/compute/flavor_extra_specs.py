"""A flavor's extra specs: key/value hints for the scheduler and drivers."""

from nova.api.openstack.compute import extra_spec_validators
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute.schemas import flavor_extra_specs as schema
from nova.api.openstack import wsgi
from nova import exception
from nova import policy

_POLICY = 'os_compute_api:os-flavor-extra-specs:%s'


def _validated(req, specs):
    """2.86: known namespaces hold only known specs with valid values."""
    if req.is_version('2.86'):
        for key, value in specs.items():
            extra_spec_validators.validate(key, value)
    return specs


def _as_strings(specs):
    """Numbers are accepted but stored as strings, within the column size."""
    result = {}
    for key, value in specs.items():
        if not isinstance(value, str):
            value = str(value)
            if len(value) > 255:
                raise exception.InvalidInput(
                    reason='extra_specs value has more than 255 characters.')
        result[key] = value
    return result


@wsgi.api(errors=(403, 404), query=schema.index_query)
def index(req, flavor_id):
    policy.authorize(req.context, _POLICY % 'index')
    flavor = flavors.get_flavor(req.context, flavor_id)
    return {'extra_specs': flavor.extra_specs}


@wsgi.api(errors=(400, 403, 404), body=schema.create)
def create(req, flavor_id, body):
    context = req.context
    policy.authorize(context, _POLICY % 'create')
    specs = _validated(req, _as_strings(body['extra_specs']))
    flavors.get_flavor(context, flavor_id).update_extra_specs(specs)
    # Upstream echoes the request, numbers and all.
    return body


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, flavor_id, key):
    policy.authorize(req.context, _POLICY % 'show')
    flavor = flavors.get_flavor(req.context, flavor_id)
    if key not in flavor.extra_specs:
        raise exception.FlavorExtraSpecsNotFound(flavor_id=flavor_id,
                                                 extra_specs_key=key)
    return {key: flavor.extra_specs[key]}


@wsgi.api(errors=(400, 403, 404), body=schema.update)
def update(req, flavor_id, key, body):
    context = req.context
    policy.authorize(context, _POLICY % 'update')
    if key not in body:
        raise wsgi.Fault(400, 'Request body and URI mismatch')
    specs = _validated(req, _as_strings(body))
    flavors.get_flavor(context, flavor_id).update_extra_specs(specs)
    return body


@wsgi.api(errors=(403, 404))
def delete(req, flavor_id, key):
    context = req.context
    policy.authorize(context, _POLICY % 'delete')
    flavors.get_flavor(context, flavor_id).delete_extra_spec(key)


ROUTES = [
    ('/flavors/{flavor_id}/os-extra_specs', {'GET': index, 'POST': create}),
    ('/flavors/{flavor_id}/os-extra_specs/{key}',
     {'GET': show, 'PUT': update, 'DELETE': delete}),
]
