"""Plain data a driver reports: guest info and host resources."""

import dataclasses


@dataclasses.dataclass
class InstanceInfo:
    """What the hypervisor knows of one guest."""

    state: int
    max_mem_kb: int = 0
    mem_kb: int = 0
    num_cpu: int = 0
    cpu_time_ns: int = 0


@dataclasses.dataclass
class HostResources:
    """Capacity and usage of one hypervisor node (get_available_resource)."""

    vcpus: int
    memory_mb: int
    local_gb: int
    vcpus_used: int
    memory_mb_used: int
    local_gb_used: int
    hypervisor_type: str
    hypervisor_version: int
    hypervisor_hostname: str
    cpu_info: str = '{}'
    disk_available_least: int = 0
    host_ip: str = '127.0.0.1'
