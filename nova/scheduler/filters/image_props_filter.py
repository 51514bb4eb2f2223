"""ImagePropertiesFilter: the image's architecture, hypervisor type and
VM mode must be among the host's supported instances."""

from nova.scheduler import filters

# Image property names, the upstream one first, then the legacy one.
_ARCH = ('hw_architecture', 'architecture')
_HV_TYPE = ('img_hv_type', 'hypervisor_type')
_VM_MODE = ('hw_vm_mode', 'vm_mode')


def _prop(props, names):
    for name in names:
        if props.get(name):
            return props[name].lower()
    return None


class ImagePropertiesFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec):
        props = spec.image_properties
        wanted = (_prop(props, _ARCH), _prop(props, _HV_TYPE),
                  _prop(props, _VM_MODE))
        if wanted == (None, None, None):
            return True
        for supported in host_state.supported_instances:
            if all(want is None or want == str(have).lower()
                   for want, have in zip(wanted, supported)):
                return True
        return False
