"""DNS names of floating IPs (os-floating-ip-dns): domains (private to an
availability zone or public to a project) and the entries in them."""

import ipaddress

from nova.api.openstack.compute.schemas import floating_ip_dns as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import errors
from nova import policy

RULE = 'os_compute_api:os-floating-ip-dns'


def _domain_view(row):
    return {'domain': row.domain, 'scope': row.scope,
            'project': row.project_id,
            'availability_zone': row.availability_zone}


def _entry_view(row):
    return {'id': None, 'ip': row.address, 'name': row.name,
            'type': row.type, 'domain': row.domain}


@wsgi.api(errors=(403,), query=schema.index_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def index(req):
    policy.authorize(req.context, RULE)
    domains = network_api.get_api().get_dns_domains(req.context)
    return {'domain_entries': [_domain_view(d) for d in domains]}


@wsgi.api(errors=(400, 403), body=schema.domain_update,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def update_domain(req, domain, body):
    context = req.context
    policy.authorize(context, RULE + ':domain:update')
    entry = body['domain_entry']
    if entry['scope'] == 'private':
        if 'project' in entry:
            raise wsgi.Fault(400, 'A private domain belongs to an '
                                  'availability zone, not a project.')
        values = {'scope': 'private', 'project_id': None,
                  'availability_zone': entry.get('availability_zone')}
    else:
        if 'availability_zone' in entry:
            raise wsgi.Fault(400, 'A public domain belongs to a project, '
                                  'not an availability zone.')
        values = {'scope': 'public', 'availability_zone': None,
                  'project_id': entry.get('project')}
    row = network_api.get_api().put_dns_domain(context, domain, values)
    return {'domain_entry': _domain_view(row)}


@wsgi.api(success=202, errors=(403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete_domain(req, domain):
    policy.authorize(req.context, RULE + ':domain:delete')
    network_api.get_api().delete_dns_domain(req.context, domain)


def _is_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@wsgi.api(errors=(403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show_entry(req, domain, name):
    """An address lists its names (dns_entries); a name is one entry."""
    context = req.context
    policy.authorize(context, RULE)
    api = network_api.get_api()
    if api.get_dns_domain(context, domain) is None:
        raise errors.DnsDomainNotFound(domain=domain)
    if _is_address(name):
        rows = api.get_dns_entries(context, domain, address=name)
        return {'dns_entries': [_entry_view(r) for r in rows]}
    rows = api.get_dns_entries(context, domain, name=name)
    if not rows:
        raise errors.DnsEntryNotFound(domain=domain, name=name)
    return {'dns_entry': _entry_view(rows[0])}


@wsgi.api(errors=(400, 403, 404), body=schema.entry_update,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def update_entry(req, domain, name, body):
    context = req.context
    policy.authorize(context, RULE)
    entry = body['dns_entry']
    row = network_api.get_api().put_dns_entry(
        context, domain, name, entry['ip'], entry['dns_type'])
    return {'dns_entry': _entry_view(row)}


@wsgi.api(success=202, errors=(403, 404),
          max_version=proxy_apis.PROXY_MAX_VERSION)
def delete_entry(req, domain, name):
    policy.authorize(req.context, RULE)
    network_api.get_api().delete_dns_entry(req.context, domain, name)


ROUTES = [
    ('/os-floating-ip-dns', {'GET': index}),
    ('/os-floating-ip-dns/{domain}', {'PUT': update_domain,
                                      'DELETE': delete_domain}),
    ('/os-floating-ip-dns/{domain}/entries/{name}', {
        'GET': show_entry, 'PUT': update_entry, 'DELETE': delete_entry}),
]
