"""Clients of the Neutron API for the functional tests."""

import time
import uuid

import requests

from tests.functional import cloud as cloud_lib


def project(name):
    """A fresh project name for one test."""
    return '%s-%s' % (name, uuid.uuid4().hex[:6])


def neutron(cloud, token='admin:admin'):
    """A client of the cloud's Neutron API listener, as user:project;
    waits for the listener (nova-api-network starts beside nova-api)."""
    client = cloud_lib.Client(cloud.network_endpoint + '/v2.0', token)
    deadline = time.time() + 30
    while True:
        try:
            client.get('/extensions')
            return client
        except requests.ConnectionError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def created(resp, resource):
    assert resp.status_code == 201, resp.text
    return resp.json()[resource]


def fault_type(resp, status):
    assert resp.status_code == status, resp.text
    return resp.json()['NeutronError']['type']
