"""Bulk create, as Neutron's: POST {"networks": [...]} makes every item
or none. Each item goes through the resource's own create handler; when
one fails, those already made are deleted again and the failure is the
answer."""

import json

from oslo_log import log as logging

from nova.api import input_check
from nova.api.network import faults

LOG = logging.getLogger(__name__)


def _items(req, plural):
    try:
        body = input_check.load_json(req.body or b'{}')
    except input_check.BadInput:
        return None  # the single create answers the bad JSON
    if isinstance(body, dict) and plural in body:
        items = body[plural]
        if not isinstance(items, list) or not items or not all(
                isinstance(item, dict) for item in items):
            raise faults.bad_request(
                '%s must be a non-empty list of objects' % plural)
        return items
    return None


def _one(req, singular, item):
    single = req.copy()
    single.body = json.dumps({singular: item}).encode()
    single.context = req.context
    return single


def creatable(singular, plural, create, delete):
    """A POST handler taking one resource or a list of them."""

    def handler(req):
        items = _items(req, plural)
        if items is None:
            return create(req)
        made = []
        try:
            for item in items:
                _status, result = create(_one(req, singular, item))
                made.append(result[singular])
        except Exception:
            for resource in reversed(made):
                try:
                    delete(_one(req, singular, {}), resource['id'])
                except Exception:
                    LOG.exception('Undoing a bulk create: %s %s not '
                                  'deleted', singular, resource['id'])
            raise
        return 201, {plural: made}

    handler.__name__ = create.__name__
    handler.__doc__ = create.__doc__
    return handler
