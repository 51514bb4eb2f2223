"""GET /v2/info/import of the built-in image service, over HTTP.

Tempest's image format tests read it in their class setup; it answered
404 and the whole class failed (issue 19).
"""

import requests


def test_import_methods_are_listed_and_empty(aio):
    resp = requests.get(aio.image_endpoint + '/v2/info/import',
                        headers={'X-Auth-Token': 'user:proj-info'},
                        timeout=30)
    assert resp.status_code == 200, resp.text
    methods = resp.json()['import-methods']
    assert methods['type'] == 'array'
    # No staging and no import here: data comes by upload only.
    assert methods['value'] == []
    image = requests.post(aio.image_endpoint + '/v2/images', json={
        'name': 'no-import', 'disk_format': 'raw',
        'container_format': 'bare'},
        headers={'X-Auth-Token': 'user:proj-info'}, timeout=30).json()
    url = '%s/v2/images/%s' % (aio.image_endpoint, image['id'])
    staged = requests.put(url + '/stage', data=b'x', headers={
        'X-Auth-Token': 'user:proj-info',
        'Content-Type': 'application/octet-stream'}, timeout=30)
    assert staged.status_code == 404
    assert requests.delete(url, headers={
        'X-Auth-Token': 'user:proj-info'}, timeout=30).status_code == 204
