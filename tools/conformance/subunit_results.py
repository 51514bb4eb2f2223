"""Read a subunit v2 stream on stdin; write {test: {status, reason}} JSON.

Run by the Tempest environment's python (it has subunit and testtools).
Test ids lose their [attributes] so the pass list outlives tag changes.
"""

import json
import re
import sys

import subunit
import testtools

STATUS = {'success': 'passed', 'xfail': 'passed', 'skip': 'skipped',
          'fail': 'failed', 'uxsuccess': 'failed'}


def main():
    results = {}

    def record(test):
        name = re.sub(r'\[.*\]$', '', test['id'])
        status = STATUS.get(test['status'])
        if status is None:
            return
        entry = {'status': status}
        details = test.get('details') or {}
        if status == 'skipped' and 'reason' in details:
            entry['reason'] = details['reason'].as_text()
        if name.startswith('setUpClass (') or name.startswith(
                'tearDownClass ('):
            # A class whose setup failed: name the class.
            name = name[name.index('(') + 1:-1]
        previous = results.get(name)
        if previous is None or previous['status'] == 'passed':
            results[name] = entry

    stream = subunit.ByteStreamToStreamResult(sys.stdin.buffer,
                                              non_subunit_name='stdout')
    result = testtools.StreamToDict(record)
    result.startTestRun()
    stream.run(result)
    result.stopTestRun()
    with open(sys.argv[1], 'w') as out:
        json.dump(results, out, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
