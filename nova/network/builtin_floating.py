"""The built-in backend's floating IP ranges, pools and DNS entries (part
of BuiltinNetworkAPI); allocation and association are in builtin."""

from nova import lazy_import
from nova.network import manage

floating_db = lazy_import.module('nova.db.floating_ips')


class FloatingMixin:

    def get_floating_ips(self, context, project_id=None, host=None):
        return floating_db.get_all(context, project_id=project_id,
                                   host=host)

    def describe_floating_ips(self, context, floating_ips):
        fixed = floating_db.fixed_info(context, floating_ips)
        return {row.address: fixed[row.fixed_ip_id] for row in floating_ips
                if row.fixed_ip_id in fixed}

    def get_floating_ip_pools(self, context):
        return floating_db.pools(context)

    def create_floating_ips(self, context, ip_range, pool, interface):
        manage.create_floating_ips(context, ip_range, pool, interface)

    def delete_floating_ips(self, context, ip_range):
        return manage.delete_floating_ips(context, ip_range)

    def get_dns_domains(self, context):
        return floating_db.dns_domains(context)

    def get_dns_domain(self, context, domain):
        return floating_db.dns_domain_get(context, domain)

    def put_dns_domain(self, context, domain, values):
        return floating_db.dns_domain_put(context, domain, values)

    def delete_dns_domain(self, context, domain):
        floating_db.dns_domain_delete(context, domain)

    def get_dns_entries(self, context, domain, name=None, address=None):
        return floating_db.dns_entries(context, domain, name=name,
                                       address=address)

    def put_dns_entry(self, context, domain, name, address, dns_type):
        return floating_db.dns_entry_put(context, domain, name, address,
                                         dns_type)

    def delete_dns_entry(self, context, domain, name):
        floating_db.dns_entry_delete(context, domain, name)
