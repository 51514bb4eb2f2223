"""POST /os-server-external-events: other services (networking, block
storage) tell the compute hosts about their servers.

Each event is answered on its own (code 200, or 404 for an unknown
server, 422 for one without a host yet); the whole answer is 200 when
every event was accepted, 207 when some were not, 404 when none was.
"""

from nova.api.openstack.compute.schemas import server_external_events \
    as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import exception
from nova import objects
from nova import policy


def _instance(context, uuid, seen):
    if uuid not in seen:
        try:
            seen[uuid] = servers._compute().get(context, uuid,
                                                expected_attrs=())
        except exception.InstanceNotFound:
            seen[uuid] = None
    return seen[uuid]


@wsgi.api(errors=(400, 403, 404), body=schema.create, max_version='2.50')
def create(req, body):
    return _create(req, body)


@wsgi.api(errors=(400, 403, 404), body=schema.create_v251,
          min_version='2.51', max_version='2.75')
def create_v251(req, body):
    """2.51: volume-extended too."""
    return _create(req, body)


@wsgi.api(errors=(400, 403, 404), body=schema.create_v276,
          min_version='2.76', max_version='2.81')
def create_v276(req, body):
    """2.76: power-update too."""
    return _create(req, body)


@wsgi.api(errors=(400, 403, 404), body=schema.create_v282,
          min_version='2.82', max_version='2.92')
def create_v282(req, body):
    """2.82: accelerator-request-bound too. This cloud has no
    accelerator service (Cyborg), so no build waits for it: the event is
    accepted and delivered, and only a waiter would act on it."""
    return _create(req, body)


@wsgi.api(errors=(400, 403, 404), body=schema.create_v293,
          min_version='2.93')
def create_v293(req, body):
    """2.93: volume-reimaged too. nova-compute follows a reimage by the
    volume's status, so the event is accepted and delivered to a waiter
    if any, and otherwise only logged."""
    return _create(req, body)


# Events that mean nothing without their tag (a 400 for that event).
_TAG_REQUIRED = ('volume-extended', 'power-update',
                 'accelerator-request-bound', 'volume-reimaged')
# The tags power-update takes.
_POWER_TAGS = ('POWER_ON', 'POWER_OFF')


def _create(req, body):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-server-external-events:'
                              'create', {})
    # Services (the service role) report events of any project's servers:
    # once the rule allows the caller, the lookups see every project.
    context = context.elevated()
    answers, accepted, instances = [], [], {}
    for requested in body['events']:
        answer = dict(requested)
        answer.setdefault('status', 'completed')
        instance = _instance(context, requested['server_uuid'], instances)
        if instance is None:
            answer.update(status='failed', code=404)
        elif (answer['name'] in _TAG_REQUIRED and not answer.get('tag')) or (
                answer['name'] == 'power-update' and
                answer['tag'] not in _POWER_TAGS):
            answer.update(status='failed', code=400)
        elif not instance.host:
            answer.update(status='failed', code=422)
        else:
            answer['code'] = 200
            accepted.append(objects.InstanceExternalEvent(
                instance_uuid=instance.uuid, name=answer['name'],
                status=answer['status'], tag=answer.get('tag')))
        answers.append(answer)
    if not accepted:
        raise wsgi.Fault(404, 'No instances found for any event')
    servers._compute().external_instance_event(
        context, {u: i for u, i in instances.items() if i}, accepted)
    status = 200 if len(accepted) == len(answers) else 207
    return wsgi.Response({'events': answers}, status=status)


ROUTES = [
    ('/os-server-external-events', {'POST': [create, create_v251,
                                             create_v276, create_v282,
                                             create_v293]}),
]
