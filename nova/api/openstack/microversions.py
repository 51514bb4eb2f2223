"""The Compute API microversions: one line per version, what it changed.

doc/api/microversion_history.rst mirrors this list for users.
"""

HISTORY = [
    ('2.1', 'The initial version of the Compute API v2.1: the v2.0 '
            'resources with strict input validation.'),
    ('2.2', 'Key pairs have a type (ssh or x509); key pair create answers '
            '201 and delete 204.'),
    ('2.3', 'Server show and detail add the extended attributes '
            'reservation_id, launch_index, hostname, kernel_id, ramdisk_id, '
            'root_device_name and user_data (administrators).'),
    ('2.4', 'os-fixed-ips shows whether a fixed IP is reserved (that API '
            'comes with networking).'),
    ('2.5', 'Non-administrators may filter the server list by ip6.'),
    ('2.6', 'POST /servers/{id}/remote-consoles replaces the '
            'os-get*Console actions.'),
    ('2.7', 'Adding tenant access to a public flavor answers 409.'),
    ('2.8', 'Remote consoles offer the mks protocol (webmks type).'),
    ('2.9', 'Servers show whether they are "locked".'),
    ('2.10', 'Administrators manage other users\' key pairs (user_id).'),
    ('2.11', 'PUT /os-services/force-down marks a compute service down.'),
    ('2.12', 'os-virtual-interfaces shows each VIF\'s net_id (that API '
             'comes with networking).'),
    ('2.13', 'Server groups show their owner\'s user_id and project_id.'),
    ('2.14', 'Evacuate drops onSharedStorage (the cloud knows its '
             'storage) and answers without a body: no adminPass.'),
    ('2.15', 'Server groups may have the soft-affinity or soft-anti-affinity '
             'policy, which the scheduler\'s soft weighers honour without '
             'refusing a host.'),
    ('2.16', 'Server show and detail add host_status (UP, DOWN, '
             'MAINTENANCE, UNKNOWN or empty) for administrators.'),
    ('2.17', 'The trigger_crash_dump server action sends the guest a '
             'non-maskable interrupt (NMI).'),
    ('2.18', 'The project id in URLs is optional (this cloud serves both '
             'shapes at every version).'),
    ('2.19', 'Servers have a description: set at create, update and '
             'rebuild, shown by show, detail, update and rebuild.'),
    ('2.20', 'Volumes attach to and detach from shelved and '
             'shelved_offloaded servers.'),
    ('2.21', 'os-instance-actions lists and shows the actions of deleted '
             'servers.'),
    ('2.22', 'POST /servers/{id}/migrations/{id}/action force_complete '
             'makes a running live migration finish.'),
    ('2.23', 'os-migrations shows migration_type and links of running '
             'live migrations; GET /servers/{id}/migrations[/{id}] lists '
             'and shows in-progress live migrations.'),
    ('2.24', 'DELETE /servers/{id}/migrations/{id} aborts a running '
             'live migration.'),
    ('2.25', 'os-migrateLive: block_migration may be "auto"; '
             'disk_over_commit is removed.'),
    ('2.26', 'Server tags: /servers/{id}/tags (list, replace, delete all; '
             'check, add, delete one), tags in show and detail, list '
             'filters tags, tags-any, not-tags, not-tags-any.'),
    ('2.27', 'The OpenStack-API-Version header (already read at every '
             'version here) is officially supported.'),
    ('2.28', 'Hypervisors show cpu_info as a JSON object, not a '
             'string.'),
    ('2.29', 'Evacuate takes force: a named host is checked by the '
             'scheduler\'s filters unless force is true; force without a host '
             'is refused.'),
    ('2.30', 'os-migrateLive takes force: a named host is checked by '
             'the scheduler unless forced.'),
    ('2.31', 'GET /os-console-auth-tokens/{token} shows consoles of '
             'every type, not only RDP.'),
    ('2.32', 'Device tags at boot: block_device_mapping_v2 items and '
             'networks take a tag, shown in the metadata service\'s '
             'devices.'),
    ('2.33', 'Hypervisor lists page with limit and marker.'),
    ('2.34', 'os-migrateLive answers 202 before its prechecks; their '
             'failure shows in the instance action.'),
    ('2.35', 'Key pair list pages with limit and marker.'),
    ('2.36', 'The proxy APIs (networks, fixed and floating IPs, security '
             'groups, images, volumes) answer 404; limits and quota sets '
             'drop the network fields.'),
    ('2.37', 'Server create requires networks: a list, "none" (no '
             'interface) or "auto" (the project\'s usable networks, else '
             'one allocated for it once); network uuids must be UUIDs and '
             'networks lose the device tag (restored in 2.42).'),
    ('2.38', 'An unknown status filter of the server list answers 400.'),
    ('2.39', 'The image-metadata proxy answers 404; GET /limits drops '
             'maxImageMeta; createImage and createBackup no longer check '
             'their metadata against the metadata_items quota.'),
    ('2.40', 'os-simple-tenant-usage pages with limit and marker (a '
             'server uuid) and adds tenant_usage(s)_links.'),
    ('2.41', 'Aggregates show their uuid.'),
    ('2.42', 'Device tags at boot again on networks and '
             'block_device_mapping_v2 items (lost in 2.37 and 2.33).'),
    ('2.43', 'os-hosts answers 404 (use os-hypervisors and '
             'os-services).'),
    ('2.44', 'The addFixedIp, removeFixedIp, addFloatingIp and '
             'removeFloatingIp server actions and os-virtual-interfaces '
             'answer 404.'),
    ('2.45', 'createImage and createBackup answer {"image_id": ...} in '
             'the body and no Location header.'),
    ('2.46', 'Signal only: the request id is in X-OpenStack-Request-ID '
             'besides X-Compute-Request-ID (both at every version here).'),
    ('2.47', 'Server show, detail, update and rebuild embed the flavor '
             '(original_name, vcpus, ram, disk, ephemeral, swap and, as '
             'policy allows, extra_specs) instead of its id and links.'),
    ('2.48', 'Server diagnostics in one standard format for every '
             'hypervisor; what a driver cannot tell is null.'),
    ('2.49', 'Volume attach (os-volume_attachments) and interface attach '
             '(os-interface) take a device tag, shown in the metadata '
             'service\'s devices.'),
    ('2.50', 'Quota class sets show and update server_groups and '
             'server_group_members and drop the network quotas.'),
    ('2.51', 'The volume-extended external event tells the compute host '
             'a volume grew; every user sees the events of an instance '
             'action (tracebacks stay with administrators).'),
    ('2.52', 'Server create takes tags (at most 50, as the 2.26 server '
             'tags).'),
    ('2.53', 'Services and hypervisors are known by uuid: PUT '
             '/os-services/{id} replaces the enable, disable and force-down '
             'actions; hypervisor lists take hypervisor_hostname_pattern '
             'and with_servers instead of the search and servers routes.'),
    ('2.54', 'Rebuild takes key_name: a key pair of the caller to set or '
             'change the server\'s key, null to remove it.'),
    ('2.55', 'Flavors have a description: set at create, shown in the '
             'lists and show, changed by PUT /flavors/{id}.'),
    ('2.56', 'The migrate action takes an optional host, which the '
             'scheduler checks like any other.'),
    ('2.57', 'Rebuild takes user_data; personality is refused at create '
             'and rebuild; the personality limits leave /limits, quota '
             'sets and quota class sets.'),
    ('2.58', 'Instance action lists page with limit and marker, filter by '
             'changes-since and show updated_at.'),
    ('2.59', 'os-migrations pages with limit and marker, filters by '
             'changes-since and refuses other parameters; migrations show '
             'their uuid.'),
    ('2.60', 'Multiattach volumes attach to several servers (and boot '
             'them); below 2.60 they are refused.'),
    ('2.61', 'Flavor show, detail, create and update include the '
             'flavor\'s extra_specs, where policy lets the caller read '
             'them.'),
    ('2.62', 'Instance action events show hostId and, to those who see '
             'tracebacks, host.'),
    ('2.63', 'Server create and rebuild take trusted_image_certificates '
             '(IDs of certificates this cloud holds); server views show '
             'them.'),
    ('2.64', 'Server groups have one policy and rules '
             '(max_server_per_host for anti-affinity, which the scheduler '
             'applies) instead of policies and metadata.'),
    ('2.65', 'A live migration still queued on its source host or '
             'preparing may be aborted (DELETE '
             '/servers/{id}/migrations/{migration_id}).'),
    ('2.66', 'The server list, instance action list and os-migrations '
             'filter by changes-before.'),
    ('2.67', 'block_device_mapping_v2 items take volume_type for the '
             'volumes they create.'),
    ('2.68', 'Evacuate and os-migrateLive refuse force: the scheduler '
             'checks every named host.'),
    ('2.69', 'Signal only: partial views of servers and services in a '
             'down cell; this cloud has one cell, always answering, so '
             'views are full as before.'),
    ('2.70', 'Interface (os-interface) and volume attachment views show '
             'their device tag.'),
    ('2.71', 'Server show, update and rebuild show the server\'s '
             'server_groups.'),
    ('2.72', 'Signal only: servers may boot on ports with resource '
             'requests (QoS minimum bandwidth); ports here have none, so '
             'creates behave as at 2.71.'),
    ('2.73', 'Lock takes a locked_reason, shown (with null when none) in '
             'the server views; the server list filters by locked.'),
    ('2.74', 'Server create takes host and hypervisor_hostname '
             '(administrators; an unknown one is a 400), which the '
             'scheduler still checks.'),
    ('2.75', 'Unknown server list query parameters are a 400; update and '
             'rebuild answer the full server as show does; flavors show no '
             'swap as 0; with_servers lists even no servers.'),
    ('2.76', 'The power-update external event (tag POWER_ON or POWER_OFF) '
             'tells a host that a guest\'s power changed outside the cloud.'),
    ('2.77', 'Unshelve takes an availability_zone for a shelved-offloaded '
             'server.'),
    ('2.78', 'GET /servers/{server_id}/topology shows the guest\'s NUMA '
             'topology (none here: no nodes, pagesize_kb null).'),
    ('2.79', 'Volume attach takes delete_on_termination; volume '
             'attachments show it.'),
    ('2.80', 'os-migrations filters by user_id and project_id; migrations '
             'show who started them.'),
    ('2.81', 'POST /os-aggregates/{id}/images has the aggregate\'s hosts '
             'cache images ahead of use.'),
    ('2.82', 'The accelerator-request-bound external event is accepted (no '
             'accelerator service here).'),
    ('2.83', 'Every user may filter the server list by availability_zone, '
             'config_drive, key_name, created_at, launched_at, '
             'terminated_at, power_state, task_state, vm_state, progress '
             'and user_id.'),
    ('2.84', 'Instance action events show details: why a step failed, in '
             'words users may read.'),
    ('2.85', 'PUT /servers/{server_id}/os-volume_attachments/{volume_id} '
             'with the same volumeId changes delete_on_termination.'),
    ('2.86', 'Flavor extra specs are validated: unknown keys in known '
             'namespaces and bad values are a 400.'),
    ('2.87', 'Volume-backed servers may be rescued, from an image with '
             'hw_rescue_device or hw_rescue_bus (stable device rescue).'),
    ('2.88', 'Hypervisors drop their capacity and usage figures (and '
             'cpu_info); hypervisor show adds uptime; '
             '/os-hypervisors/statistics and /os-hypervisors/{id}/uptime '
             'answer 404.'),
    ('2.89', 'Volume attachment list and show add attachment_id and '
             'bdm_uuid and drop id.'),
    ('2.90', 'Server create, update and rebuild take hostname (one DNS '
             'label); every user sees OS-EXT-SRV-ATTR:hostname.'),
    ('2.91', 'Unshelve of a shelved offloaded server takes host '
             '(administrators) and availability_zone, null to unpin it.'),
    ('2.92', 'Key pairs are imported only (public_key required); names '
             'may hold \'@\' and \'.\'.'),
    ('2.93', 'Rebuild of a volume-backed server reimages its boot volume '
             'from the image (the volume keeps its id, the server takes '
             'the image); a volume service that cannot is a 409; below '
             '2.93 a different image is a 400. External event '
             'volume-reimaged.'),
    ('2.94', 'The hostname of create, update and rebuild may be fully '
             'qualified (at most 255 characters).'),
    ('2.95', 'Evacuate leaves the server stopped; evacuate takes no '
             'force.'),
    ('2.96', 'Server show, detail, update and rebuild add '
             'pinned_availability_zone.'),
    ('2.97', '/servers/{id}/shares: share attachments, refused here (no '
             'shared file system service).'),
    ('2.98', 'The image of server show, detail, update and rebuild embeds '
             'its properties.'),
    ('2.99', 'Remote consoles take the spice-direct type (no SPICE here: '
             '400); console auth tokens add tls_port.'),
    ('2.100', 'Server show, detail, update and rebuild add '
              'scheduler_hints.'),
    ('2.101', 'Volume attach answers 202.'),
    ('2.102', 'Flavors leave out rxtx_factor, and flavor create refuses '
              'it (400).'),
    ('2.103', 'POST /os-volumes_boot, the old name of server create, is '
              'gone (404).'),
    ('2.104', 'Server update takes pinned_availability_zone: null unpins '
              'the server, the zone it is in pins it to that zone.'),
]

MIN_VERSION = HISTORY[0][0]
MAX_VERSION = HISTORY[-1][0]
