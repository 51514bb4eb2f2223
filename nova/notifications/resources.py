"""Payloads of the service, aggregate and keypair notifications."""

from oslo_versionedobjects import fields

from nova.notifications import base


@base.register
class ServiceStatusPayload(base.PayloadBase):
    SCHEMA = {name: ('service', name) for name in (
        'host', 'binary', 'topic', 'report_count', 'disabled',
        'disabled_reason', 'forced_down', 'version', 'last_seen_up',
        'uuid')}
    # Upstream 1.1: uuid added.
    VERSION = '1.1'
    fields = {
        'host': fields.StringField(nullable=True),
        'binary': fields.StringField(nullable=True),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(),
        'version': fields.IntegerField(),
        'uuid': fields.UUIDField(),
    }

    @classmethod
    def build(cls, context, service):
        payload = cls(availability_zone=None)
        payload.populate_schema(service=service)
        return payload


@base.register
class AggregatePayload(base.PayloadBase):
    SCHEMA = {name: ('aggregate', name) for name in (
        'id', 'uuid', 'name', 'hosts', 'metadata')}
    # Upstream 1.1: id added.
    VERSION = '1.1'
    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=False),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(nullable=True),
        'metadata': fields.DictOfStringsField(nullable=True),
    }

    @classmethod
    def build(cls, context, aggregate):
        payload = cls()
        payload.populate_schema(aggregate=aggregate)
        return payload


@base.register
class KeypairPayload(base.PayloadBase):
    SCHEMA = {name: ('keypair', name) for name in (
        'user_id', 'name', 'public_key', 'fingerprint', 'type')}
    VERSION = '1.0'
    fields = {
        'user_id': fields.StringField(nullable=True),
        'name': fields.StringField(nullable=False),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(nullable=False),
    }

    @classmethod
    def build(cls, context, keypair):
        payload = cls()
        payload.populate_schema(keypair=keypair)
        return payload
