"""The conformance job's bookkeeping: summary, pass-list gate, skip report."""

import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _job():
    spec = importlib.util.spec_from_file_location(
        'conformance_job', os.path.join(ROOT, 'tools', 'conformance',
                                        'job.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


job = _job()

RESULTS = {
    'tempest.api.compute.servers.test_a.T.test_one': {'status': 'passed'},
    'tempest.api.compute.servers.test_a.T.test_two': {'status': 'failed'},
    'tempest.api.compute.admin.test_b.T.test_three': {
        'status': 'skipped', 'reason': 'nova-network is not available'},
    'tempest.api.image.v2.test_c.T.test_four': {'status': 'passed'},
    'tempest.api.image.v2.test_c.T.test_five': {
        'status': 'skipped', 'reason': 'nova-network is not available'},
}


def test_summary_counts_each_suite_and_never_looks_like_a_verdict():
    text, suites = job.summarize(RESULTS, 12.5, 'builtin')
    assert suites == {
        'compute': {'passed': 1, 'failed': 1, 'skipped': 1},
        'image': {'passed': 1, 'failed': 0, 'skipped': 1},
    }
    assert 'compute  passed    1  failed    1  skipped    1' in text
    assert 'total    passed    2  failed    1  skipped    2' in text
    # CI reads "N passed, N failed" lines as a verdict: only the pass-list
    # line may have that shape.
    assert ' passed, ' not in text


def test_gate_fails_for_a_listed_test_that_did_not_pass_or_did_not_run():
    listed = ['tempest.api.compute.servers.test_a.T.test_one',
              'tempest.api.compute.servers.test_a.T.test_two',
              'tempest.api.compute.servers.test_gone.T.test_x']
    missing, new = job.check_pass_list(RESULTS, listed)
    assert missing == listed[1:]
    assert new == ['tempest.api.image.v2.test_c.T.test_four']


def test_skip_report_groups_messages_and_lists_the_flags_left_off():
    off = {('service_available', 'cinder'): 'no volume API in the job'}
    report = job.skip_report(RESULTS, off)
    assert '[service_available] cinder = false: no volume API in the job' \
        in report
    assert ('    2  nova-network is not available\n'
            '         -> Tempest runs it only against nova-network') in report


def test_pass_list_reader_skips_comments_and_blank_lines(tmp_path):
    path = tmp_path / 'list.txt'
    path.write_text('# header\n\ntempest.api.a.T.test_x\n')
    assert job.read_list(str(path)) == ['tempest.api.a.T.test_x']
    assert job.read_list(str(tmp_path / 'absent.txt')) == []
