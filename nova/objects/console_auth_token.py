"""ConsoleAuthToken: the token of an opened remote console, saying where
its proxy connects (host, port, path) until it expires."""

import hashlib
import time
import uuid

from oslo_versionedobjects import fields

from nova import exception
from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.console_auth_tokens')


def _hash(token):
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


@base.NovaObjectRegistry.register
class ConsoleAuthToken(base.NovaObject):
    # 1.1: clean_console_auths_for_instance, clean_expired_console_auths
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'console_type': fields.StringField(),
        'host': fields.StringField(),
        'port': fields.IntegerField(),
        'internal_access_path': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(),
        'expires': fields.IntegerField(),
        # The token itself: known only to whoever opened the console.
        'token': fields.StringField(nullable=True),
    }

    @base.remotable
    def authorize(self, ttl):
        """Store a new token valid for ttl seconds and return it."""
        token = uuid.uuid4().hex
        now = int(time.time())
        db.token_delete_expired(self._context, now)
        values = {name: getattr(self, name) for name in (
            'console_type', 'host', 'port', 'internal_access_path',
            'instance_uuid')}
        row = db.token_create(self._context, dict(
            values, token_hash=_hash(token), expires=now + ttl))
        self.id, self.expires, self.token = row.id, row.expires, token
        self.obj_reset_changes()
        return token

    @classmethod
    @base.remotable
    def validate(cls, context, token):
        """The unexpired console of token, or InvalidToken."""
        row = db.token_get_valid(context, _hash(token), int(time.time()))
        if row is None:
            raise exception.InvalidToken(token='***')
        obj = cls(context=context, token=None)
        for name in ('id', 'console_type', 'host', 'port',
                     'internal_access_path', 'instance_uuid', 'expires'):
            setattr(obj, name, getattr(row, name))
        obj.obj_reset_changes()
        return obj

    @classmethod
    @base.remotable
    def clean_console_auths_for_instance(cls, context, instance_uuid):
        """Invalidate every console token of an instance."""
        db.token_delete_for_instance(context, instance_uuid)

    @classmethod
    @base.remotable
    def clean_expired_console_auths(cls, context):
        db.token_delete_expired(context, int(time.time()))
