"""GET /metrics of the all-in-one (one process, so one registry shows the
API, RPC, conductor, scheduler and compute): what a boot and a failed
boot add."""

import requests
from prometheus_client import parser

from tests.functional import actions_helpers


def _samples(aio):
    root = aio.endpoint.rsplit('/v2.1', 1)[0]
    resp = requests.get(root + '/metrics', timeout=10)
    assert resp.status_code == 200
    assert resp.headers['Content-Type'].startswith('text/plain')
    found = {}
    for family in parser.text_string_to_metric_families(resp.text):
        for sample in family.samples:
            key = (sample.name, tuple(sorted(sample.labels.items())))
            found[key] = sample.value
    return found


def _value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_boot_and_a_failed_boot_show_in_the_metrics(aio):
    api = aio.api
    before = _samples(aio)
    server_id = actions_helpers.boot(api, 'metrics-ok')
    resp = api.post('/servers', json={'server': {
        'name': 'fail-always', 'flavorRef': '1',
        'imageRef': actions_helpers.seeded_image(api)}})
    assert resp.status_code == 202
    failed_id = resp.json()['server']['id']
    assert api.wait_for_status(failed_id, ['ERROR'])['status'] == 'ERROR'
    after = _samples(aio)

    def grew(name, **labels):
        return (_value(after, name, **labels) -
                _value(before, name, **labels))

    assert grew('nova_api_request_duration_seconds_count', api='compute',
                route='/servers', method='POST', status='202') >= 2
    assert grew('nova_api_request_duration_seconds_count', api='compute',
                route='/servers/{server_id}', method='GET', status='200') >= 1
    for phase in ('scheduling', 'block_devices', 'network', 'spawn',
                  'create_to_active'):
        assert grew('nova_build_phase_duration_seconds_count',
                    phase=phase) >= 1, phase
    assert grew('nova_scheduler_decisions_total', result='placed') >= 1
    assert grew('nova_scheduler_decisions_total',
                result='no_valid_host') >= 1
    # Both hosts failed the build, so the last pass had none to consider.
    assert grew('nova_scheduler_no_valid_host_total', reason='no_hosts') >= 1
    assert grew('nova_rpc_call_duration_seconds_count', topic='scheduler',
                method='select_destinations') >= 2
    memory = [value for (name, labels), value in after.items()
              if name == 'nova_compute_node_resource' and
              ('resource', 'memory_mb') in labels]
    assert memory and all(value > 0 for value in memory)

    for sid in (server_id, failed_id):
        assert api.delete('/servers/%s' % sid).status_code == 204
        api.wait_for_deletion(sid)
