"""EC2IdMapping (the number the EC2 API shows for a UUID) and
EC2Credential (an access key of the noauth2 EC2 credentials).

Only the EC2 API and nova-manage use them, and both have the database,
so the methods run locally.
"""

from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.ec2')


@base.NovaObjectRegistry.register
class EC2IdMapping(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.StringField(),
    }

    @classmethod
    def numbers(cls, context, uuids):
        """{uuid: number} of uuids, numbering the new ones."""
        # Most uuids have their number already: read first, so a describe
        # takes no write lock unless something is new.
        found = db.ids_get(context, uuids)
        missing = set(uuids) - set(found)
        if missing:
            found.update(db.ids_ensure(context, missing))
        return found

    @classmethod
    def uuid_of(cls, context, number):
        """The uuid of an EC2 number, or None."""
        return db.uuid_get(context, number)


@base.NovaObjectRegistry.register
class EC2Credential(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'access': fields.StringField(),
        # Encrypted (nova.api.ec2.secret_box), or clear in old rows.
        'secret': fields.StringField(),
        'user_id': fields.StringField(),
        'project_id': fields.StringField(),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    def create(self):
        db.credential_create(self._context, {
            'access': self.access, 'secret': self.secret,
            'user_id': self.user_id, 'project_id': self.project_id})

    @classmethod
    def get_by_access(cls, context, access):
        """The credential of an access key, or None."""
        row = db.credential_get(context, access)
        return None if row is None else cls._from_db(context, row)

    def set_secret(self, secret):
        db.credential_set_secret(self._context, self.access, secret)
        self.secret = secret

    @classmethod
    def destroy(cls, context, access):
        """Whether a credential of that access key was deleted."""
        return db.credential_delete(context, access)


@base.NovaObjectRegistry.register
class EC2CredentialList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('EC2Credential')}

    @classmethod
    def get_all(cls, context, user_id=None):
        return base.make_list(context, cls(), EC2Credential,
                              db.credential_get_all(context, user_id))
