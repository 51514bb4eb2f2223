"""Which instance is asking: signed instance id or network, or source
address.

Four ways, strongest first:
  X-Instance-ID + X-Instance-ID-Signature: a metadata proxy vouches for
    the instance with an HMAC-SHA256 of its id under the shared secret
    ([metadata] proxy_shared_secret); a wrong signature is a 403.
  X-Neutron-Network-ID + X-Neutron-Network-ID-Signature (the HMAC of the
    network's uuid) + X-Forwarded-For (the guest's address, last entry):
    a proxy in the network's namespace vouches for the network, and the
    instance is the one with that address on that network (networks may
    overlap: [network] allow_overlapping_ips); a wrong or missing
    signature is a 403. Both signed ways are ignored without a secret.
  X-Forwarded-For, believed only from [metadata] trusted_proxies.
  The request's source address, matched to an instance's fixed IP by
    the network API.
"""

import hashlib
import hmac

import nova.conf
from nova import exception
from nova.api.metadata import proxy_secret
from nova.network import api as network_api
from nova import objects

CONF = nova.conf.CONF

EXPECTED_ATTRS = ['metadata', 'system_metadata']


class Forbidden(Exception):
    """The request claims an instance it cannot prove."""


class NotFound(Exception):
    """No instance answers to this request."""


def sign(instance_id, secret):
    return hmac.new(secret.encode(), instance_id.encode(),
                    hashlib.sha256).hexdigest()


def _by_signature(context, headers, secret):
    instance_id = headers.get('X-Instance-ID')
    signature = headers.get('X-Instance-ID-Signature') or ''
    if not hmac.compare_digest(sign(instance_id, secret), signature):
        raise Forbidden('Invalid proxy request signature.')
    instance = _get(context, instance_id)
    tenant = headers.get('X-Tenant-ID')
    if tenant is not None and tenant != instance.project_id:
        # A proxy must not hand one project's instance to another.
        raise Forbidden('X-Tenant-ID does not own the instance.')
    return instance


def _by_network(context, headers, secret):
    network_id = headers.get('X-Neutron-Network-ID')
    signature = headers.get('X-Neutron-Network-ID-Signature') or ''
    if not hmac.compare_digest(sign(network_id, secret), signature):
        raise Forbidden('Invalid proxy request signature.')
    forwarded = headers.get('X-Forwarded-For') or ''
    address = forwarded.split(',')[-1].strip()
    uuid = address and instance_uuid_by_address(context, address,
                                                network_id)
    if not uuid:
        raise NotFound('No instance has the address %s on network %s.'
                       % (address, network_id))
    return _get(context, uuid)


def source_address(remote_addr, headers):
    """The address the request is answered for."""
    forwarded = headers.get('X-Forwarded-For')
    if forwarded and remote_addr in CONF.metadata.trusted_proxies:
        # The trusted proxy appended the address it saw last.
        return forwarded.split(',')[-1].strip()
    return remote_addr


def instance_uuid_by_address(context, address, network_id=None):
    """The instance owning fixed IP address (on the network of uuid
    network_id if given), via the network API."""
    try:
        return network_api.get_api().instance_uuid_by_fixed_ip(
            context, address, network_id=network_id)
    except NotImplementedError:
        return None


def _get(context, instance_uuid):
    try:
        return objects.Instance.get_by_uuid(context, instance_uuid,
                                            expected_attrs=EXPECTED_ATTRS)
    except exception.InstanceNotFound:
        raise NotFound('Instance %s not found.' % instance_uuid)


def find(context, remote_addr, headers):
    """The asking Instance, or Forbidden / NotFound."""
    secret = proxy_secret.get()
    if secret and headers.get('X-Instance-ID'):
        return _by_signature(context, headers, secret)
    if secret and headers.get('X-Neutron-Network-ID'):
        return _by_network(context, headers, secret)
    address = source_address(remote_addr, headers)
    uuid = instance_uuid_by_address(context, address)
    if uuid is None:
        raise NotFound('No instance has the address %s.' % address)
    return _get(context, uuid)
