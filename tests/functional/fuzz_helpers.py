"""Property-based fuzzing of an API from its OpenAPI description.

fuzz() runs every operation of a schemathesis schema with a fixed number
of derandomized examples (so a run is reproducible), in positive and
negative generation modes, with the path parameters either generated or
set to ids of real resources, and records every response that breaks the
rules instead of stopping at the first: no 5xx (a 501 only where the
operation declares it), and the status, content type and fault body the
description promises.
"""

import dataclasses
import time

import hypothesis
from hypothesis import HealthCheck
from hypothesis import Phase
import schemathesis
from schemathesis.specs.openapi import checks as openapi_checks

# Glance's JSON patch media types are JSON.
for _media in ('application/openstack-images-v2.1-json-patch',
               'application/openstack-images-v2.0-json-patch'):
    schemathesis.serializer.alias(_media, 'application/json')

SETTINGS = dict(derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate])
CHECKS = [openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance,
          openapi_checks.response_schema_conformance]


@dataclasses.dataclass
class Report:
    requests: int = 0
    seconds: float = 0.0
    server_errors: list = dataclasses.field(default_factory=list)
    spec_mismatches: list = dataclasses.field(default_factory=list)

    def describe(self):
        lines = ['%d requests in %.1f s' % (self.requests, self.seconds)]
        for kind, items in (('5xx', self.server_errors),
                            ('off-spec', self.spec_mismatches)):
            for item in items[:20]:
                lines.append('%s: %s' % (kind, item))
        return '\n'.join(lines)


def _declared(operation):
    return {int(code) for code in operation.definition.raw['responses']
            if code.isdigit()}


def _order(operation):
    # Deletes last, so the resources the others use live until then.
    return (operation.method.upper() == 'DELETE', operation.path,
            operation.method)


def _example(case):
    return '%s %s path=%s query=%s body=%.200r' % (
        case.method, case.formatted_path, case.path_parameters, case.query,
        getattr(case, 'body', None))


def fuzz(document, base_url, headers, known_ids, examples, report=None):
    """Fuzz every operation of document at base_url; returns a Report."""
    schema = schemathesis.openapi.from_dict(document)
    report = report or Report()
    started = time.monotonic()
    operations = sorted((r.ok() for r in schema.get_all_operations()),
                        key=_order)
    for operation in operations:
        declared = _declared(operation)
        names = [p.name for p in operation.path_parameters]
        real = {n: known_ids[n] for n in names if n in known_ids}
        variants = [(schemathesis.GenerationMode.POSITIVE, real),
                    (schemathesis.GenerationMode.NEGATIVE, real)]
        if real:
            variants.append((schemathesis.GenerationMode.POSITIVE, None))
        for mode, path_parameters in variants:
            _run(operation, mode, path_parameters, base_url, headers,
                 declared, examples, report)
    report.seconds += time.monotonic() - started
    return report


def _run(operation, mode, path_parameters, base_url, headers, declared,
         examples, report):
    strategy = operation.as_strategy(generation_mode=mode,
                                     path_parameters=path_parameters)

    @hypothesis.settings(max_examples=examples, **SETTINGS)
    @hypothesis.given(case=strategy)
    def check(case):
        response = case.call(base_url=base_url, headers=headers, timeout=60)
        report.requests += 1
        status = response.status_code
        if status >= 500 and not (status == 501 and 501 in declared):
            report.server_errors.append('%d %s: %.300s' % (
                status, _example(case), response.text))
            return
        if mode is not schemathesis.GenerationMode.POSITIVE:
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as error:  # a failed check, reported together
            report.spec_mismatches.append('%d %s: %s' % (
                status, _example(case), str(error).splitlines()[0]))

    try:
        check()
    except hypothesis.errors.Unsatisfiable:
        # Nothing to vary: no negative input exists for this operation.
        pass
