"""Database and bus outages are 503 with Retry-After in the EC2, image,
metadata and Neutron APIs too, each in its own error format."""

import json

from oslo_db import exception as db_exc
import oslo_messaging as messaging
import pytest
import webob

from nova.api.ec2 import faults as ec2_faults
from nova.api.image import router as image_router
from nova.api.metadata import handler as metadata_handler
from nova.api.metadata import lookup
from nova.api.network import faults as neutron_faults
from nova.api.network import router as neutron_router
from nova import context as nova_context
from nova import exception

OUTAGES = [
    db_exc.DBConnectionError('gone'),
    messaging.MessagingTimeout('no answer'),
    exception.ServiceOutage(what='The database'),
]


def _raiser(error):
    def handler(req, **kwargs):
        raise error
    return handler


@pytest.mark.parametrize('error', OUTAGES)
def test_ec2_outage_is_service_unavailable(conf, error):
    conf.set_override('outage_retry_after', 7, group='api')
    fault = ec2_faults.from_exception(error)
    assert (fault.code, fault.status) == ('ServiceUnavailable', 503)
    assert fault.headers == {'Retry-After': '7'}
    document = ec2_faults.error_document(fault, 'req-1').decode()
    assert '<Code>ServiceUnavailable</Code>' in document
    assert 'Retry' in document


def test_ec2_other_errors_stay_internal(conf):
    fault = ec2_faults.from_exception(ValueError('bug'))
    assert (fault.code, fault.status, fault.headers) == (
        'InternalError', 500, {})


def _member():
    """A project member, as the API's auth middleware makes it."""
    return nova_context.RequestContext('alice', 'proj',
                                       roles=['member', 'reader'])


@pytest.mark.parametrize('error', OUTAGES)
def test_image_outage_is_503_in_glance_format(conf, error):
    conf.set_override('outage_retry_after', 7, group='api')
    app = image_router.Router([('/v2/images', {'GET': _raiser(error)})])
    req = webob.Request.blank('/v2/images',
                              headers={'Accept': 'application/json'})
    req.environ['nova.context'] = _member()
    resp = req.get_response(app)
    assert resp.status_int == 503
    assert resp.headers['Retry-After'] == '7'
    assert resp.json_body['title'] == 'Service Unavailable'
    assert 'unavailable' in resp.json_body['message']


def test_image_other_errors_go_up_to_catch(conf):
    app = image_router.Router([('/v2/images',
                                {'GET': _raiser(ValueError('bug'))})])
    req = webob.Request.blank('/v2/images')
    req.environ['nova.context'] = _member()
    with pytest.raises(ValueError):
        req.get_response(app)


@pytest.mark.parametrize('error', OUTAGES)
def test_neutron_outage_is_503_neutron_error(conf, error):
    conf.set_override('outage_retry_after', 7, group='api')
    app = neutron_router.Router([('/v2.0/networks',
                                  {'GET': _raiser(error)})])
    req = webob.Request.blank('/v2.0/networks')
    req.environ['nova.context'] = _member()
    resp = req.get_response(app)
    assert resp.status_int == 503
    assert resp.headers['Retry-After'] == '7'
    body = json.loads(resp.text)['NeutronError']
    assert body['type'] == 'ServiceUnavailable'
    assert 'Retry' in body['message']


def test_neutron_mapper_leaves_other_errors_alone(conf):
    assert neutron_faults.outage(ValueError('bug')) is None
    assert neutron_faults.outage(exception.NotFound()) is None


@pytest.mark.parametrize('error', OUTAGES)
def test_metadata_outage_is_503_text(conf, monkeypatch, error):
    conf.set_override('outage_retry_after', 7, group='api')

    def find(context, remote_addr, headers):
        raise error
    monkeypatch.setattr(lookup, 'find', find)
    app = metadata_handler.loadapp(conf)
    resp = webob.Request.blank('/latest/meta-data/').get_response(app)
    assert resp.status_int == 503
    assert resp.headers['Retry-After'] == '7'
    assert 'Retry' in resp.text
