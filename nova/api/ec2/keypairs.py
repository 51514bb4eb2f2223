"""DescribeKeyPairs, CreateKeyPair, ImportKeyPair, DeleteKeyPair."""

import base64
import binascii

from nova.api.ec2 import faults
from nova.api.ec2 import request
from nova import crypto
from nova import exception
from nova import objects
from nova import quota


def _format(keypair):
    return {'keyName': keypair.name,
            'keyFingerprint': keypair.fingerprint}


def describe_key_pairs(context, args):
    wanted = request.as_list(args, 'KeyName')
    keypairs = objects.KeyPairList.get_by_user(context, context.user_id)
    found = [k for k in keypairs if not wanted or k.name in wanted]
    missing = set(wanted) - {k.name for k in found}
    if missing:
        raise faults.EC2Error(
            'InvalidKeyPair.NotFound',
            'The key pair \'%s\' does not exist' % sorted(missing)[0])
    return {'keySet': [_format(k) for k in found]}


def _name(args):
    name = args.get('KeyName')
    if not name:
        raise faults.missing('KeyName')
    if len(name) > 255:
        raise faults.invalid('A key name is at most 255 characters.')
    return name


def _save(context, name, public_key):
    try:
        quota.check_deltas(context, {'key_pairs': 1},
                           user_id=context.user_id)
    except exception.OverQuota:
        raise faults.EC2Error('ResourceLimitExceeded',
                              'Quota exceeded, too many key pairs.')
    keypair = objects.KeyPair(
        context=context, name=name, user_id=context.user_id,
        public_key=public_key, fingerprint=crypto.fingerprint(public_key),
        type='ssh')
    try:
        keypair.create()
    except exception.KeyPairExists:
        raise faults.EC2Error('InvalidKeyPair.Duplicate',
                              'The keypair \'%s\' already exists.' % name)
    return keypair


def create_key_pair(context, args):
    name = _name(args)
    private_key, public_key = crypto.generate_key_pair()
    keypair = _save(context, name, public_key)
    return dict(_format(keypair), keyMaterial=private_key)


def import_key_pair(context, args):
    name = _name(args)
    material = args.get('PublicKeyMaterial')
    if not material:
        raise faults.missing('PublicKeyMaterial')
    # Clients base64-encode the OpenSSH public key.
    try:
        public_key = base64.b64decode(material, validate=True).decode()
    except (binascii.Error, ValueError, UnicodeError):
        public_key = material
    try:
        keypair = _save(context, name, public_key.strip())
    except exception.Invalid:
        raise faults.invalid('The public key is no OpenSSH public key.')
    return _format(keypair)


def delete_key_pair(context, args):
    name = _name(args)
    try:
        objects.KeyPair.get_by_name(context, context.user_id,
                                    name).destroy()
    except exception.KeypairNotFound:
        pass  # EC2 deletes an absent key pair successfully.
    return {'return': True}
