"""Versioned objects; register_all() imports every one of them."""


def register_all():
    # Importing a module registers its classes with NovaObjectRegistry,
    # which makes them available as nova.objects.<Name>.
    __import__('nova.objects.aggregate')
    __import__('nova.objects.block_device')
    __import__('nova.objects.compute_node')
    __import__('nova.objects.console_auth_token')
    __import__('nova.objects.ec2')
    __import__('nova.objects.external_event')
    __import__('nova.objects.flavor')
    __import__('nova.objects.image_meta')
    __import__('nova.objects.instance')
    __import__('nova.objects.instance_action')
    __import__('nova.objects.instance_fault')
    __import__('nova.objects.instance_group')
    __import__('nova.objects.instance_metadata')
    __import__('nova.objects.keypair')
    __import__('nova.objects.migration')
    __import__('nova.objects.network_info')
    __import__('nova.objects.request_spec')
    __import__('nova.objects.selection')
    __import__('nova.objects.service')
    __import__('nova.objects.tag')
    __import__('nova.objects.task_log')
