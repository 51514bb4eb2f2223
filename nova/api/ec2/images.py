"""Image actions: DescribeImages, DescribeImageAttribute,
ModifyImageAttribute, RegisterImage, DeregisterImage, CreateImage."""

from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import instances
from nova.api.ec2 import request
from nova.api.metadata import content
from nova import exception
from nova.image import api as image_api

_IMAGES = None
_TYPES = {ids.IMAGE: 'machine', ids.KERNEL: 'kernel',
          ids.RAMDISK: 'ramdisk'}
_STATES = {'active': 'available', 'queued': 'pending',
           'saving': 'pending', 'importing': 'pending',
           'killed': 'failed', 'deleted': 'deregistered',
           'pending_delete': 'deregistered', 'deactivated': 'failed'}


def images():
    global _IMAGES
    if _IMAGES is None:
        _IMAGES = image_api.API()
    return _IMAGES


def get_image(context, ec2_id):
    uuid = ids.to_uuid(context, ec2_id, ids.IMAGE_KINDS)
    try:
        return images().get(context, uuid)
    except exception.ImageNotFound:
        raise faults.EC2Error('InvalidAMIID.NotFound',
                              'The image id \'[%s]\' does not exist'
                              % ec2_id)


def format_image(context, image):
    kind = ids.image_kind(image)
    props = image.get('properties') or {}
    location = props.get('image_location')
    item = {
        'imageId': ids.to_ec2(context, kind, image['id']),
        'imageLocation': location or '%s (%s)' % (location,
                                                  image.get('name')),
        'imageState': _STATES.get(image.get('status'), image.get('status')),
        'imageOwnerId': image.get('owner'),
        'isPublic': image.get('visibility') == 'public',
        'architecture': props.get('architecture'),
        'imageType': _TYPES[kind],
        'name': image.get('name') or location,
        'description': props.get('description'),
        'rootDeviceType': 'instance-store',
        'rootDeviceName': props.get('root_device_name') or
        content.DEFAULT_ROOT_DEVICE,
        'blockDeviceMapping': [],
        'virtualizationType': 'hvm',
        'hypervisor': 'xen',
    }
    if props.get('kernel_id'):
        item['kernelId'] = ids.to_ec2(context, ids.KERNEL,
                                      props['kernel_id'])
    if props.get('ramdisk_id'):
        item['ramdiskId'] = ids.to_ec2(context, ids.RAMDISK,
                                       props['ramdisk_id'])
    return item


def describe_images(context, args):
    wanted = request.as_list(args, 'ImageId')
    if wanted:
        found = [get_image(context, i) for i in wanted]
    else:
        found = images().get_all(context)
    owners = request.as_list(args, 'Owner')
    result = [format_image(context, i) for i in found]
    if owners:
        result = [i for i in result if i['imageOwnerId'] in owners or
                  ('self' in owners and i['imageOwnerId'] ==
                   context.project_id)]
    filters = request.filters(args)
    for name, values in filters.items():
        key = {'image-id': 'imageId', 'name': 'name',
               'state': 'imageState', 'image-type': 'imageType',
               'owner-id': 'imageOwnerId', 'architecture': 'architecture',
               'is-public': 'isPublic'}.get(name)
        if key is None:
            raise faults.invalid('The filter \'%s\' is invalid' % name)
        result = [i for i in result if str(i[key]).lower() in
                  [str(v).lower() for v in values]]
    return {'imagesSet': result}


def describe_image_attribute(context, args):
    attribute = args.get('Attribute')
    image_id = args.get('ImageId')
    if not image_id:
        raise faults.missing('ImageId')
    image = get_image(context, image_id)
    item = format_image(context, image)
    result = {'imageId': image_id}
    if attribute == 'launchPermission':
        result['launchPermission'] = [{'group': 'all'}] \
            if item['isPublic'] else []
    elif attribute in ('kernel', 'ramdisk'):
        result[attribute] = {'value': item.get(attribute + 'Id')}
    elif attribute == 'blockDeviceMapping':
        result['blockDeviceMapping'] = item['blockDeviceMapping']
    elif attribute == 'rootDeviceName':
        result['rootDeviceName'] = {'value': item['rootDeviceName']}
    elif attribute == 'description':
        result['description'] = {'value': item['description']}
    else:
        raise faults.invalid('Unknown image attribute %s.' % attribute)
    return result


def modify_image_attribute(context, args):
    """launchPermission for the group all: make the image public or not."""
    image = get_image(context, args.get('ImageId'))
    permission = request.struct(args, 'LaunchPermission')
    add = request.as_list(permission, 'Add')
    remove = request.as_list(permission, 'Remove')
    if permission:
        groups = [(True, p.get('Group')) for p in add] + \
            [(False, p.get('Group')) for p in remove]
    else:
        if args.get('Attribute') != 'launchPermission':
            raise faults.invalid('Only the launchPermission attribute can '
                                 'be modified.')
        operation = args.get('OperationType')
        if operation not in ('add', 'remove'):
            raise faults.invalid('OperationType must be add or remove.')
        groups = [(operation == 'add', g)
                  for g in request.as_list(args, 'UserGroup')]
    if not groups or any(g != 'all' for _add, g in groups):
        raise faults.invalid('Only the group "all" is supported.')
    public = groups[-1][0]
    images().update(context, image['id'], {
        'visibility': 'public' if public else 'private'})
    return {'return': True}


def register_image(context, args):
    """An image record (queued until its data is uploaded to the image
    service) carrying the EC2 location, kernel and ramdisk."""
    name = args.get('Name')
    location = args.get('ImageLocation')
    if not name and not location:
        raise faults.missing('Name')
    properties = {}
    if location:
        properties['image_location'] = location
    for arg, key, kind in (('KernelId', 'kernel_id', ids.KERNEL),
                           ('RamdiskId', 'ramdisk_id', ids.RAMDISK)):
        if args.get(arg):
            properties[key] = ids.to_uuid(context, args[arg], kind)
    for arg, key in (('Architecture', 'architecture'),
                     ('RootDeviceName', 'root_device_name'),
                     ('Description', 'description')):
        if args.get(arg):
            properties[key] = args[arg]
    image = images().create(context, {
        'name': name or location, 'disk_format': 'raw',
        'container_format': 'bare', 'visibility': 'private',
        'properties': properties})
    return {'imageId': ids.to_ec2(context, ids.IMAGE, image['id'])}


def deregister_image(context, args):
    image = get_image(context, args.get('ImageId'))
    images().delete(context, image['id'])
    return {'return': True}


def create_image(context, args):
    """A snapshot of an instance's disk as a new machine image."""
    name = args.get('Name')
    if not name:
        raise faults.missing('Name')
    instance = instances.get_instance(context, args.get('InstanceId'))
    image = instances.compute().snapshot(context, instance, name)
    return {'imageId': ids.to_ec2(context, ids.IMAGE, image['id'])}
