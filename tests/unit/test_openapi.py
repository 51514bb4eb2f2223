"""The OpenAPI descriptions: generated from the route tables, valid,
served at their URLs and kept in step with doc/source/api/openapi/."""

import json
import os

import jsonschema
import pytest
import schemathesis
import webob

from nova.api.image import deploy as image_deploy
from nova.api import openapi_doc
from nova.api.openstack import api_version
from nova.api.openstack.compute import routes
from nova.api.openstack import openapi

DOC = os.path.join(os.path.dirname(__file__), '..', '..', 'doc', 'source',
                   'api', 'openapi')


@pytest.mark.parametrize('name', sorted(openapi_doc.documents()))
def test_doc_is_in_step_with_the_code(name):
    with open(os.path.join(DOC, name)) as f:
        written = f.read()
    assert written == openapi_doc.render(openapi_doc.documents()[name]), (
        'doc/source/api/openapi/%s is stale: run '
        'tools/generate-openapi.py' % name)


def _schemas(document):
    for item in document['paths'].values():
        for operation in item.values():
            for parameter in operation['parameters']:
                yield parameter['schema']
            for media in operation.get('requestBody', {}).get(
                    'content', {}).values():
                yield media['schema']


@pytest.mark.parametrize('name', sorted(openapi_doc.documents()))
def test_documents_load_and_their_schemas_are_valid(name):
    document = openapi_doc.documents()[name]
    for schema in _schemas(document):
        jsonschema.Draft202012Validator.check_schema(schema)
    loaded = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == sum(len(item) for item in
                                  document['paths'].values())


def test_every_route_and_method_is_described():
    """Each route and method in the description at the first
    microversion of each of its handlers (routes that later versions
    removed, like the proxies or PUT /os-services/force-down of
    2.11-2.52, are in none of the 2.1 and newest ones)."""
    for path, methods in routes.ROUTES:
        for method, handlers in methods.items():
            if not isinstance(handlers, (list, tuple)):
                handlers = [handlers]
            for handler in handlers:
                document = openapi.compute_document(handler.min_version)
                assert method.lower() in document['paths'].get(path, {}), (
                    method, path, str(handler.min_version))


def test_actions_are_one_of_their_schemas():
    document = openapi.compute_document()
    body = document['paths']['/servers/{server_id}/action']['post'][
        'requestBody']['content']['application/json']['schema']
    names = [choice['required'][0] for choice in body['oneOf']]
    assert 'reboot' in names and 'createBackup' in names
    backup = [c for c in body['oneOf'] if 'createBackup' in c['required']]
    backup_type = backup[0]['properties']['createBackup']['properties'][
        'backup_type']
    assert backup_type['maxLength'] == 255


def test_compute_description_is_served(api):
    resp = api.get('/v2.1/openapi.json')
    assert resp.status_int == 200
    assert resp.json == json.loads(json.dumps(openapi.compute_document()))
    resp = api.get('/v2.1/openapi.json', headers={
        'OpenStack-API-Version': 'compute latest'})
    assert resp.json['info']['version'] == str(api_version.MAX)
    resp = api.get('/v2.1/openapi.json', headers={
        'OpenStack-API-Version': 'compute 9.0'})
    assert resp.status_int == 406


def test_image_description_is_served(conf, db):
    app = image_deploy.loadapp(conf)
    resp = webob.Request.blank('/openapi.json').get_response(app)
    assert resp.status_int == 200
    assert '/v2/images/{image_id}/file' in resp.json['paths']
