"""Outages answered as 503 with Retry-After, and client tokens that make
a retried create run once."""

import datetime
import threading
import time

from oslo_db import exception as db_exc
import oslo_messaging as messaging
from oslo_utils import timeutils
import kombu.exceptions
import pymysql
import pytest
from sqlalchemy import exc as sa_exc

from nova.api.openstack import wsgi
from nova.compute import api as compute_api
from nova.compute import client_tokens
from nova.compute import undo
from nova.compute import vm_states
from nova import context as nova_context
from nova.db import ec2 as tokens_db
from nova import exception
from tests.unit import stored_instances


@pytest.mark.parametrize('error', [
    db_exc.DBConnectionError('gone'),
    db_exc.DBDeadlock(),
    db_exc.DBError(sa_exc.OperationalError('SELECT 1', {}, Exception(
        2013, 'Lost connection to MySQL server during query'))),
    pymysql.err.OperationalError(2013, 'Lost connection to MySQL server'),
    sa_exc.OperationalError('SELECT 1', {}, Exception('gone')),
    messaging.MessageDeliveryFailure('no broker'),
    messaging.MessagingTimeout('no answer'),
    kombu.exceptions.OperationalError('Server unexpectedly closed'),
    exception.ServiceOutage(what='The message bus'),
])
def test_an_outage_is_a_503_with_retry_after(conf, error):
    conf.set_override('outage_retry_after', 7, group='api')
    fault = wsgi.fault_from_exception(error)
    assert fault.status == 503
    assert fault.headers == {'Retry-After': '7'}
    assert 'Retry' in fault.message
    response = fault.to_response()
    assert response.headers['Retry-After'] == '7'
    assert response.json_body['serviceUnavailable']['code'] == 503


@pytest.mark.parametrize('error', [
    ValueError('bug'),
    db_exc.DBError(ValueError('not an outage')),
    pymysql.err.DataError(1406, 'Data too long'),
])
def test_other_errors_stay_500(conf, error):
    fault = wsgi.fault_from_exception(error)
    assert fault.status == 500
    assert 'Retry-After' not in fault.headers


def test_data_errors_are_the_clients_not_outages(conf):
    # A value the database refuses (too long, out of range) is bad input:
    # 400 without Retry-After (nova.api.input_check.refused_by_database).
    fault = wsgi.fault_from_exception(db_exc.DBDataError('too long'))
    assert fault.status == 400
    assert 'Retry-After' not in fault.headers


@pytest.fixture
def context(db):
    return nova_context.RequestContext(user_id='u', project_id='p')


class Creates:
    """A create that stores one server per call, as the API's would."""

    def __init__(self, context, fail=None):
        self.context = context
        self.fail = fail
        self.made = []

    def __call__(self):
        if self.fail:
            raise self.fail
        reservation_id = 'r-%d' % len(self.made)
        instance = stored_instances.create(
            self.context, host=None, project_id=self.context.project_id,
            reservation_id=reservation_id, launch_index=0)
        self.made.append(instance.uuid)
        return [instance], reservation_id


def test_a_retried_create_gets_the_first_servers(context):
    creates = Creates(context)
    first = client_tokens.create_once(context, 'tok-1', creates)
    again = client_tokens.create_once(context, 'tok-1', creates)
    assert len(creates.made) == 1
    assert first[2] is True and again[2] is False
    assert [i.uuid for i in again[0]] == creates.made
    assert again[1] == first[1]
    # Another token, or none, makes servers again.
    client_tokens.create_once(context, 'tok-2', creates)
    client_tokens.create_once(context, None, creates)
    assert len(creates.made) == 3


def test_a_failed_create_frees_its_token(context):
    with pytest.raises(exception.ServiceOutage):
        client_tokens.create_once(context, 'tok', Creates(
            context, fail=exception.ServiceOutage(what='The bus')))
    creates = Creates(context)
    assert client_tokens.create_once(context, 'tok', creates)[2]
    assert len(creates.made) == 1


def test_a_token_still_in_use_is_a_409_until_its_claim_is_stale(
        context):
    project = context.project_id
    assert tokens_db.client_token_claim(context, project, 'tok') == (
        True, None)
    creates = Creates(context)
    with pytest.raises(exception.ClientTokenInUse):
        client_tokens.create_once(context, 'tok', creates)
    # The request holding it died: after build_pickup_timeout it is free.
    stale = timeutils.utcnow() + datetime.timedelta(seconds=1)
    assert tokens_db.client_token_claim(context, project, 'tok',
                                        stale_before=stale) == (True, None)
    assert creates.made == []


def test_an_undo_that_fails_is_retried_until_it_works(monkeypatch):
    monkeypatch.setattr(undo, '_INTERVAL', 0.01)
    calls = []
    done = threading.Event()

    def step():
        calls.append(1)
        if len(calls) < 3:
            raise db_exc.DBConnectionError('still down')
        done.set()

    undo.later('a test step', step)
    assert done.wait(5)
    assert len(calls) == 3
    deadline = time.monotonic() + 5
    while undo.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert undo.pending() == 0


class _BusRefusing:
    """A compute client whose every send the bus refuses."""

    def __getattr__(self, name):
        def send(*args, **kwargs):
            raise messaging.MessageDeliveryFailure('no broker')
        return send


def test_an_unsent_action_gives_the_task_back(admin_context):
    """Root cause: an action claimed its task_state (stop: powering-off)
    before sending its message; when the bus refused the message the
    claim stayed, so the server showed a task nothing would run until
    the deadline sweeper ended it. Now the task_state goes back and the
    caller gets a 503 to retry."""
    instance = stored_instances.create(admin_context)
    api = compute_api.API()
    api._compute = _BusRefusing()
    with pytest.raises(exception.ServiceOutage):
        api.stop(admin_context, instance)
    stored = stored_instances.reload(admin_context, instance)
    assert stored.task_state is None
    assert stored.vm_state == vm_states.ACTIVE
    # Nothing is left claimed: the same action can be asked again.
    with pytest.raises(exception.ServiceOutage):
        api.stop(admin_context, stored)


def test_a_create_whose_api_died_after_dispatch_is_found_by_a_retry(
        context):
    """Root cause: nova-api recorded the token's reservation only after
    the create returned; killed after it had dispatched the build (the
    servers are then built by the conductors), it left the claim without
    a reservation, and the client's retry took the stale claim over and
    made a second server. The reservation is now written with the create
    actions, in their transaction."""
    def dies_after_dispatch():
        instances, reservation_id = Creates(context)()
        client_tokens.dispatched(context, 'tok-d', reservation_id,
                                 lambda: None)
        raise KeyboardInterrupt('nova-api killed')  # nothing undone

    with pytest.raises(KeyboardInterrupt):
        client_tokens.create_once(context, 'tok-d', dies_after_dispatch)
    retry = Creates(context)
    instances, reservation_id, made = client_tokens.create_once(
        context, 'tok-d', retry)
    assert (reservation_id, made, retry.made) == ('r-0', False, [])
    assert len(instances) == 1
