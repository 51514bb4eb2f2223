"""DescribeInstanceAttribute and ModifyInstanceAttribute."""

from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import instance_view
from nova.api.ec2 import instances
from nova.api.metadata import content
from nova.compute import vm_states


def _value(value):
    return {'value': value}


def _instance_type(context, instance):
    return {'instanceType': _value(instance.flavor.name
                                   if instance.flavor else None)}


def _kernel(context, instance):
    return {'kernel': _value(ids.to_ec2(context, ids.KERNEL,
                                        instance.kernel_id))}


def _ramdisk(context, instance):
    return {'ramdisk': _value(ids.to_ec2(context, ids.RAMDISK,
                                         instance.ramdisk_id))}


def _user_data(context, instance):
    return {'userData': _value(instance.user_data)}


def _root_device_name(context, instance):
    return {'rootDeviceName': _value(instance.root_device_name or
                                     content.DEFAULT_ROOT_DEVICE)}


def _disable_api_termination(context, instance):
    # Servers are never protected from termination here.
    return {'disableApiTermination': _value(False)}


def _shutdown_behavior(context, instance):
    return {'instanceInitiatedShutdownBehavior': _value('stop')}


def _group_set(context, instance):
    formatter = instance_view.Formatter(context, [instance])
    return {'groupSet': formatter.group_set(instance)}


def _block_device_mapping(context, instance):
    formatter = instance_view.Formatter(context, [instance])
    return {'blockDeviceMapping':
            formatter.instance(instance)['blockDeviceMapping']}


_ATTRIBUTES = {
    'instanceType': _instance_type,
    'kernel': _kernel,
    'ramdisk': _ramdisk,
    'userData': _user_data,
    'rootDeviceName': _root_device_name,
    'disableApiTermination': _disable_api_termination,
    'instanceInitiatedShutdownBehavior': _shutdown_behavior,
    'groupSet': _group_set,
    'blockDeviceMapping': _block_device_mapping,
}


def describe_instance_attribute(context, args):
    attribute = args.get('Attribute')
    if not attribute:
        raise faults.missing('Attribute')
    formatter = _ATTRIBUTES.get(attribute)
    if formatter is None:
        raise faults.invalid('Value (%s) for parameter attribute is '
                             'invalid. Unknown attribute.' % attribute)
    ec2_id = args.get('InstanceId')
    if not ec2_id:
        raise faults.missing('InstanceId')
    instance = instances.get_instance(context, ec2_id)
    return dict(formatter(context, instance), instanceId=ec2_id)


def modify_instance_attribute(context, args):
    """userData of a stopped instance; other attributes cannot change."""
    ec2_id = args.get('InstanceId')
    if not ec2_id:
        raise faults.missing('InstanceId')
    instance = instances.get_instance(context, ec2_id)
    attribute = args.get('Attribute')
    value = args.get('Value')
    if isinstance(args.get('UserData'), dict):
        attribute, value = 'userData', args['UserData'].get('Value')
    if attribute != 'userData':
        raise faults.EC2Error(
            'UnsupportedOperation', 'Only the userData attribute can be '
            'modified here (got %s).' % (attribute or 'none'))
    if instance.vm_state != vm_states.STOPPED:
        raise faults.EC2Error(
            'IncorrectInstanceState', 'The instance \'%s\' is not in the '
            '\'stopped\' state.' % ec2_id)
    instances.compute().update(context, instance, user_data=value or None)
    return {'return': True}
