"""KeyPair: a user's SSH (or x509) public key, injected into servers."""

from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.keypairs')

KEYPAIR_TYPE_SSH = 'ssh'
KEYPAIR_TYPE_X509 = 'x509'


@base.NovaObjectRegistry.register
class KeyPair(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(default=KEYPAIR_TYPE_SSH),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_name(cls, context, user_id, name):
        return cls._from_db(context, db.key_pair_get(context, user_id, name))

    @base.remotable
    def create(self):
        row = db.key_pair_create(self._context, self.obj_get_changes())
        base.from_row(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.key_pair_destroy(self._context, self.user_id, self.name)


@base.NovaObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @classmethod
    @base.remotable
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        rows = db.key_pair_get_all_by_user(context, user_id, limit=limit,
                                           marker=marker)
        return base.make_list(context, cls(), KeyPair, rows)

    @classmethod
    @base.remotable
    def get_count_by_user(cls, context, user_id):
        return db.key_pair_count_by_user(context, user_id)
