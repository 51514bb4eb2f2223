"""The metadata definitions catalog as the image API reaches it: the
built-in store's catalog (rules in nova.db.metadefs)."""

from nova.db import metadefs as _catalog

NAMESPACE_FIELDS = _catalog.NAMESPACE_FIELDS

namespace_list = _catalog.namespace_list
namespace_get = _catalog.namespace_get
namespace_create = _catalog.namespace_create
namespace_update = _catalog.namespace_update
namespace_delete = _catalog.namespace_delete
resource_type_list = _catalog.resource_type_list
association_list = _catalog.association_list
association_create = _catalog.association_create
association_delete = _catalog.association_delete
item_list = _catalog.item_list
item_get = _catalog.item_get
item_create = _catalog.item_create
item_update = _catalog.item_update
item_delete = _catalog.item_delete
items_replace = _catalog.items_replace
